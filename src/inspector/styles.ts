// The inspector's stylesheet, inside its shadow root: the page's styles neither reach nor suffer it.
export const inspectorStyles = `
:host { all: initial; display: block; container-type: inline-size; }
* { box-sizing: border-box; }
.cached-fetch-inspector, :host > * { font: 13px/1.4 system-ui, sans-serif; color: #1f2328; }
header { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; margin-bottom: 8px; font: 14px system-ui, sans-serif; }
header [data-testid="cfi-stored"] { margin-right: auto; color: #57606a; font-size: 12px; }
.muted, small { color: #57606a; font-weight: normal; }
button { font: 12px system-ui, sans-serif; padding: 2px 8px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; cursor: pointer; }
button:hover { background: #eaeef2; }
button:disabled { opacity: .5; cursor: progress; }
.counters { display: grid; grid-template-columns: repeat(auto-fit, minmax(96px, 1fr)); gap: 4px 8px; margin: 0 0 12px; font: 12px system-ui, sans-serif; }
.counters dt { color: #57606a; }
details { margin: 0 0 12px; font: 12px system-ui, sans-serif; }
.log { margin: 4px 0 0; padding-left: 18px; max-height: 12em; overflow: auto; font: 11px ui-monospace, monospace; overflow-wrap: anywhere; }
.counters dd { margin: 0; font-weight: 600; font-size: 15px; font-variant-numeric: tabular-nums; }
.partition { border: 1px solid #d0d7de; border-radius: 8px; margin-bottom: 10px; overflow: hidden; font: 12px system-ui, sans-serif; }
.partition h3 { display: flex; gap: 8px; align-items: baseline; margin: 0; padding: 6px 10px; font-size: 13px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
.partition h3 small { margin-right: auto; }
.entry { padding: 6px 10px; border-top: 1px solid #eaeef2; }
.entry:first-child { border-top: 0; }
.row { display: grid; grid-template-columns: minmax(140px, 2.2fr) 36px 48px 130px 60px minmax(120px, 2fr) 150px; gap: 8px; align-items: center; }
.what { display: flex; flex-direction: column; min-width: 0; }
.url { font-family: ui-monospace, monospace; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.vary code { font-size: 11px; color: #8250df; margin-right: 6px; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.ttl { display: flex; flex-direction: column; gap: 2px; }
.bar { display: block; height: 6px; border-radius: 3px; background: #eaeef2; overflow: hidden; }
.bar-fill { display: block; height: 100%; background: #2da44e; }
.entry[data-fresh="false"] .ttl-label { color: #cf222e; }
.ttl-label { font-size: 11px; color: #57606a; }
.validators { font-family: ui-monospace, monospace; font-size: 11px; color: #57606a; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.actions { display: flex; gap: 4px; justify-content: flex-end; }
.note { display: block; font-size: 11px; color: #57606a; }
.note:empty { display: none; }
details summary { cursor: pointer; color: #0969da; font-size: 11px; margin-top: 2px; }
.headers { border-collapse: collapse; margin: 4px 0; font: 11px ui-monospace, monospace; }
.headers th { text-align: left; padding: 1px 8px 1px 0; color: #57606a; font-weight: normal; vertical-align: top; }
.headers td { word-break: break-all; }
.body { margin: 4px 0 0; padding: 6px; max-height: 200px; overflow: auto; background: #f6f8fa; border-radius: 6px; font: 11px ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
.empty { color: #57606a; font: 12px system-ui, sans-serif; }
.labels { padding: 4px 10px 0; color: #57606a; font-size: 11px; }
@container (max-width: 640px) {
  .row { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .what, .validators, .actions { grid-column: 1 / -1; justify-content: flex-start; }
  .labels { display: none; }
  .num { text-align: left; }
  .row [data-label]::before { content: attr(data-label); display: block; font-size: 10px; color: #57606a; }
}
`;
