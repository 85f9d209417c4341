/** The console's only stylesheet (the policy allows no inline style): system fonts, no web fonts to fetch. */
export const CONSOLE_CSS = `:root {
  --ink: #1b1f24;
  --muted: #59636e;
  --line: #d1d9e0;
  --panel: #ffffff;
  --page: #f6f8fa;
  --accent: #1f6feb;
  --good: #1a7f37;
  --warn: #9a6700;
  --bad: #cf222e;
  color-scheme: light;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink);
  background: var(--page);
}
* { box-sizing: border-box; }
body { margin: 0; }
header {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1.5rem;
  padding: 0.9rem 1.5rem; background: var(--panel); border-bottom: 1px solid var(--line);
}
header h1 { font-size: 1.15rem; margin: 0; }
header .where { color: var(--muted); }
.live { margin: 0 0 0 auto; color: var(--muted); }
.live::before { content: "●"; margin-right: 0.35rem; color: var(--good); }
.live.down::before { color: var(--bad); }
main {
  display: grid; gap: 1rem; padding: 1rem 1.5rem 2rem;
  grid-template-columns: minmax(0, 1fr) 23rem; align-items: start;
}
.wide, .side { display: grid; gap: 1rem; min-width: 0; }
@media (max-width: 1100px) {
  main { grid-template-columns: minmax(0, 1fr); }
}
section {
  background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem;
  min-width: 0;
}
section h2 { font-size: 1rem; margin: 0 0 0.6rem; display: flex; align-items: baseline; gap: 0.6rem; }
section h2 .count { color: var(--muted); font-weight: normal; font-size: 0.9rem; }
h3 { font-size: 0.9rem; margin: 0.9rem 0 0.35rem; font-weight: 600; }
h3 .count { color: var(--muted); font-weight: normal; }
.scroll { overflow-x: auto; }
.scroll.tall { max-height: 26rem; overflow-y: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.86rem; }
th, td { text-align: left; padding: 0.28rem 0.55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; position: sticky; top: 0; background: var(--panel); }
table.keys { table-layout: fixed; }
table.keys td { overflow-wrap: anywhere; }
table.keys th:nth-child(1) { width: 19rem; }
table.keys th:nth-child(2) { width: 22%; }
table.keys th:nth-child(4) { width: 9.5rem; }
table.keys th:nth-child(5) { width: 10.5rem; }
.actions { margin-top: 0.5rem; }
td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.8rem; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.state, .code {
  display: inline-block; padding: 0 0.45rem; border-radius: 1rem; font-size: 0.78rem; border: 1px solid;
  white-space: nowrap;
}
.state-Enabled, .code-OK { color: var(--good); }
.state-Disabled { color: var(--muted); }
.state-PendingDeletion, .code-error { color: var(--bad); }
.state-PendingImport { color: var(--warn); }
.empty { color: var(--muted); margin: 0.3rem 0; }
.empty code, .hint code { display: block; margin-top: 0.4rem; padding: 0.5rem; background: var(--page);
  border: 1px solid var(--line); border-radius: 4px; white-space: pre-wrap; color: var(--ink); }
.hint { color: var(--muted); font-size: 0.82rem; margin: 0.4rem 0 0; }
form { display: grid; grid-template-columns: auto 1fr; gap: 0.35rem 0.6rem; align-items: center; margin-top: 0.6rem; }
form .actions { grid-column: 1 / span 2; display: flex; gap: 0.5rem; flex-wrap: wrap; }
label { color: var(--muted); font-size: 0.85rem; }
input, select, button { font: inherit; font-size: 0.86rem; }
input, select { padding: 0.2rem 0.35rem; border: 1px solid var(--line); border-radius: 4px; min-width: 0; }
button {
  padding: 0.25rem 0.7rem; border-radius: 4px; border: 1px solid var(--line); background: var(--page);
  cursor: pointer;
}
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.danger { color: var(--bad); }
.notice { margin: 0.5rem 0 0; color: var(--bad); font-size: 0.85rem; }
.notice:empty { display: none; }
ul.rules { list-style: none; margin: 0; padding: 0; }
ul.rules li {
  display: flex; gap: 0.5rem; align-items: baseline; justify-content: space-between;
  padding: 0.3rem 0; border-bottom: 1px solid var(--line); font-size: 0.86rem;
}
dl { display: grid; grid-template-columns: auto 1fr; gap: 0.2rem 0.8rem; margin: 0; font-size: 0.86rem; }
dt { color: var(--muted); }
dd { margin: 0; }
`;
