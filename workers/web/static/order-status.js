// On an order page: polls the order's status until it settles
// and updates the page. Without JavaScript the page offers a refresh link instead.
(() => {
  const el = document.querySelector("[data-order-status]");
  if (!el) return;
  const id = el.getAttribute("data-order-status");
  const settled = ["fulfilled", "cancelled", "payment_failed", "fulfillment_failed"];
  // Partly shipped orders are polled too: the rest may leave while the page is open.
  // The shopper's words for each state, as the page renders them (SHOPPER_STATUS_WORDS).
  const words = JSON.parse(el.getAttribute("data-status-words") ?? "{}");
  let tries = 0;
  // The parcels as the page renders them (ShopperParcels), as plain text.
  function showParcels(order) {
    const out = document.querySelector("[data-tracking]");
    if (!out || !order.shipments) return;
    const part = (l) => {
      const line = order.lines.find((x) => x.sku === l.sku);
      const title = line
        ? `${line.title}${line.variantTitle ? ` ${line.variantTitle}` : ""}`
        : l.sku;
      return `${l.quantity} × ${title}`;
    };
    out.replaceChildren(
      ...order.shipments.map((s) => {
        const li = document.createElement("li");
        const carrier = s.carrier ? `, with ${s.carrier}` : "";
        li.append(`Parcel ${s.number}: ${s.lines.map(part).join(", ")}${carrier}. `);
        if (s.trackingNumber) {
          const span = document.createElement("span");
          span.textContent = `Tracking number: ${s.trackingNumber}`;
          li.append(span);
        }
        if (s.source === "simulated") li.append(" (simulated: no real parcel)");
        return li;
      }),
    );
  }
  async function poll() {
    if (settled.includes(el.dataset.status) || tries++ > 60) return;
    try {
      const res = await fetch(`/api/v1/orders/${encodeURIComponent(id)}`, {
        credentials: "same-origin",
      });
      if (res.ok) {
        const order = await res.json();
        if (order.status !== el.dataset.status) {
          el.dataset.status = order.status;
          el.textContent = words[order.status] ?? order.status;
          el.className = `status status-${order.status}`;
          showParcels(order);
          const hint = document.querySelector("[data-refresh-hint]");
          if (hint && settled.includes(order.status)) hint.remove();
        }
      }
    } catch {}
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
