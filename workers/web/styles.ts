/** The whole stylesheet of the shop, the dashboard and the API docs page. Served with a hashed name. */
export const STYLES = `
:root{--ink:#1d2433;--muted:#5b6475;--line:#dde1e6;--bg:#fff;--soft:#f5f6f8;--brand:#1f5f8b;--ok:#1f7a4d;--bad:#b3261e;--warn:#8a5a00}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--brand)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f0b429;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
header.site{border-bottom:1px solid var(--line);background:var(--soft)}
.bar{max-width:1100px;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;align-items:center}
.logo{font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--ink)}
.bar nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0;flex-wrap:wrap}
search{flex:1;min-width:14rem}.search{display:flex;gap:.25rem}.search input{flex:1}
main{max-width:1100px;margin:0 auto;padding:1rem}
footer.site{max-width:1100px;margin:2rem auto;padding:1rem;color:var(--muted);border-top:1px solid var(--line);font-size:.9rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.cats{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0 0 1rem}
.cats a{display:inline-block;padding:.25rem .75rem;border:1px solid var(--line);border-radius:999px;text-decoration:none}
.cats a[aria-current]{background:var(--brand);color:#fff;border-color:var(--brand)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:1rem;list-style:none;padding:0;margin:0}
.card{border:1px solid var(--line);border-radius:8px;overflow:hidden;display:flex;flex-direction:column}
.card img{width:100%;height:auto;aspect-ratio:1;display:block;background:var(--soft)}
.card .body{padding:.5rem .75rem .75rem}.card a{text-decoration:none;color:var(--ink)}.card h2{font-size:1rem;margin:0 0 .25rem}
.price{font-weight:600}.muted{color:var(--muted)}.stock-out{color:var(--bad)}.stock-in{color:var(--ok)}
.pager{display:flex;gap:1rem;margin:1.5rem 0}
button,.button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.link{background:none;border:none;color:var(--brand);padding:0;text-decoration:underline}
button.secondary{background:#fff;color:var(--brand)}
input,select{font:inherit;padding:.4rem .5rem;border:1px solid #8c94a3;border-radius:6px;max-width:100%}
.field{display:flex;flex-direction:column;gap:.2rem;margin:0 0 .75rem}.field label{font-weight:600}
.field .error,.alert{color:var(--bad)}.field input[aria-invalid=true]{border-color:var(--bad)}
.alert{border:1px solid var(--bad);background:#fdecea;padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem}
.notice{border:1px solid var(--ok);background:#e8f5ee;padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem;color:var(--ok)}
.product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2rem}
.product img{width:100%;height:auto;border-radius:8px}
fieldset{border:1px solid var(--line);border-radius:8px;margin:0 0 1rem;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.variant{display:flex;gap:.5rem;align-items:center;margin:.25rem 0}
table{border-collapse:collapse;width:100%;margin:0 0 1rem}th,td{text-align:left;padding:.5rem;border-bottom:1px solid var(--line);vertical-align:middle}
td.num,th.num{text-align:right}
.inline{display:inline-flex;gap:.5rem;align-items:center;margin:0}.inline input{width:5rem}
.totals{max-width:22rem;margin-left:auto}.totals div{display:flex;justify-content:space-between}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 1rem}
.status{display:inline-block;padding:.1rem .5rem;border-radius:4px;background:var(--soft);border:1px solid var(--line)}
.status-fulfilled,.status-paid{color:var(--ok)}.status-fulfillment_failed,.status-payment_failed{color:var(--bad)}
.chart{width:100%;height:auto;max-width:720px}.chart .bar-rect{fill:var(--brand)}.chart text{font-size:11px;fill:var(--muted)}
.op{border-top:1px solid var(--line);padding:.5rem 0}.m{display:inline-block;min-width:4.5em;font-size:12px;color:#fff;padding:2px 6px;border-radius:3px;background:#4a5568}
.m.get{background:#2b6cb0}.m.post{background:#2f855a}.m.put{background:#8a5a00}.m.patch{background:#6b46c1}.m.delete{background:#c53030}
pre{background:var(--soft);padding:.75rem;overflow:auto;font-size:13px}
@media (max-width:640px){.product{grid-template-columns:1fr}.bar{gap:.5rem 1rem}}
`;
