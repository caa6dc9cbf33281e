// The only script the shop ships: on an order page, polls the order's status until it settles
// and updates the page. Without JavaScript the page offers a refresh link instead.
(() => {
  const el = document.querySelector("[data-order-status]");
  if (!el) return;
  const id = el.getAttribute("data-order-status");
  const settled = ["fulfilled", "cancelled", "payment_failed", "fulfillment_failed"];
  // The shopper's words for each state, as the page renders them (SHOPPER_STATUS_WORDS).
  const words = JSON.parse(el.getAttribute("data-status-words") ?? "{}");
  let tries = 0;
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
          const tracking = order.events.find((e) => e.type === "fulfilled");
          const out = document.querySelector("[data-tracking]");
          if (tracking && out) out.textContent = `Tracking number: ${tracking.trackingNumber}`;
          const hint = document.querySelector("[data-refresh-hint]");
          if (hint && settled.includes(order.status)) hint.remove();
        }
      }
    } catch {}
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
