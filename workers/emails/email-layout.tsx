// An order email's HTML part, as email clients read it: tables for layout, every style inline, a
// column at most 600 px wide that narrows on a phone, the store's logo (or name) in its colour,
// each line with its picture, the totals and a button to the order. No script, no stylesheet.
import { raw } from "hono/html";
import { formatMoney, type Money } from "../../src/money";
import type { StoredOrder } from "../../src/orders/read";
import { DEFAULT_THEME } from "../../src/theme/theme";
import { orderTotalRows } from "../order-totals";
import type { EmailContent, OrderEmailOptions } from "./order-email";

const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const cell = { padding: "8px 0", "vertical-align": "top", "border-bottom": "1px solid #e5e7eb" };
const num = { ...cell, "text-align": "right", "white-space": "nowrap" };

interface Line {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

/** Every value is interpolated by JSX, which escapes it: a product title is text, never markup. */
export function EmailBody(props: {
  content: EmailContent;
  order: StoredOrder;
  options: OrderEmailOptions;
  lines: Line[];
  address: string[];
  linkLabel: string;
  orderName: string;
}) {
  const { content, order, options } = props;
  const { locale = "en-US", orderUrl } = options;
  const theme = options.theme ?? { ...DEFAULT_THEME, storeName: options.storeName };
  const origin = orderUrl ? new URL(orderUrl).origin : null;
  const logo = theme.logoUrl && origin ? `${origin}${theme.logoUrl}` : null;
  const format = (m: Money) => formatMoney(m, locale);
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light" />
          <title>{content.subject}</title>
        </head>
        <body style={{ margin: "0", padding: "0", background: "#f3f4f6" }}>
          <table
            role="presentation"
            width="100%"
            cellpadding="0"
            cellspacing="0"
            style={{ background: "#f3f4f6" }}
          >
            <tr>
              <td align="center" style={{ padding: "24px 12px" }}>
                <table
                  role="presentation"
                  width="100%"
                  cellpadding="0"
                  cellspacing="0"
                  style={{
                    "max-width": "600px",
                    background: "#ffffff",
                    "border-radius": "8px",
                    "font-family": FONT,
                    color: "#1d2433",
                    "font-size": "16px",
                    "line-height": "1.5",
                  }}
                >
                  <tr>
                    <td
                      style={{
                        padding: "20px 24px",
                        "border-bottom": `4px solid ${theme.accentColor}`,
                      }}
                    >
                      {logo ? (
                        <img
                          src={logo}
                          alt={theme.storeName}
                          height="40"
                          style={{ display: "block", height: "40px", border: "0" }}
                        />
                      ) : (
                        <span
                          style={{
                            "font-size": "20px",
                            "font-weight": "bold",
                            color: theme.accentColor,
                          }}
                        >
                          {theme.storeName}
                        </span>
                      )}
                    </td>
                  </tr>
                  <tr>
                    <td style={{ padding: "24px" }}>
                      <h1 style={{ margin: "0 0 12px", "font-size": "22px" }}>{content.heading}</h1>
                      {content.paragraphs.map((p) => (
                        <p style={{ margin: "0 0 12px" }}>{p}</p>
                      ))}
                      {orderUrl ? (
                        <table
                          role="presentation"
                          cellpadding="0"
                          cellspacing="0"
                          style={{ margin: "16px 0" }}
                        >
                          <tr>
                            <td style={{ background: theme.accentColor, "border-radius": "6px" }}>
                              <a
                                href={orderUrl}
                                style={{
                                  display: "inline-block",
                                  padding: "10px 18px",
                                  color: "#ffffff",
                                  "text-decoration": "none",
                                  "font-weight": "bold",
                                }}
                              >
                                {props.linkLabel}
                              </a>
                            </td>
                          </tr>
                        </table>
                      ) : null}
                      <h2 style={{ margin: "24px 0 8px", "font-size": "17px" }}>
                        Order {props.orderName}
                      </h2>
                      <table role="presentation" width="100%" cellpadding="0" cellspacing="0">
                        {props.lines.map((l) => {
                          const picture = options.pictures?.get(l.sku);
                          return (
                            <tr>
                              <td width="64" style={cell}>
                                {picture ? (
                                  <img
                                    src={picture}
                                    alt=""
                                    width="56"
                                    height="56"
                                    style={{
                                      display: "block",
                                      "border-radius": "4px",
                                      border: "0",
                                    }}
                                  />
                                ) : null}
                              </td>
                              <td style={{ ...cell, padding: "8px 8px" }}>
                                {l.title}
                                <br />
                                <span style={{ color: "#5b6475", "font-size": "14px" }}>
                                  {`${l.quantity} × ${format(l.unitPrice)}`}
                                </span>
                              </td>
                              <td style={num}>{format(l.lineTotal)}</td>
                            </tr>
                          );
                        })}
                        {orderTotalRows(order, locale).map(({ label, value }) => (
                          <tr>
                            <td />
                            <td style={{ padding: "4px 8px", color: "#5b6475" }}>{label}</td>
                            <td
                              style={{
                                padding: "4px 0",
                                "text-align": "right",
                                "white-space": "nowrap",
                              }}
                            >
                              {value}
                            </td>
                          </tr>
                        ))}
                      </table>
                      <h2 style={{ margin: "24px 0 8px", "font-size": "17px" }}>Shipping to</h2>
                      <p style={{ margin: "0" }}>
                        {props.address.map((l, i) => (
                          <>
                            {i > 0 ? <br /> : null}
                            {l}
                          </>
                        ))}
                      </p>
                    </td>
                  </tr>
                  <tr>
                    <td
                      style={{
                        padding: "16px 24px",
                        color: "#5b6475",
                        "font-size": "13px",
                        "border-top": "1px solid #e5e7eb",
                      }}
                    >
                      {theme.storeName}
                    </td>
                  </tr>
                </table>
              </td>
            </tr>
          </table>
        </body>
      </html>
    </>
  );
}
