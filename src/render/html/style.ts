/** The page's only style sheet: readable from 360 px phones to print, no external fonts or images. */
export const STYLE = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;
--critical:#8b0000;--high:#c62828;--medium:#b45f06;--low:#1f5fa8;--info:#6e7781}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;overflow-wrap:anywhere}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.25rem;margin:1.4em 0 .5em;border-bottom:1px solid var(--line)}h3{font-size:1.05rem;margin:1.2em 0 .4em}h4{display:inline;font-size:1rem;margin:0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;background:var(--soft);padding:0 .25em;border-radius:3px}
.gate{font-weight:600;display:inline-block;padding:.2em .6em;border-radius:4px;border:1px solid var(--line)}
.gate.passed{background:#e6f4ea;border-color:#8fd19e}.gate.failed{background:#fdecea;border-color:#f5a3a0}.gate.off{background:var(--soft)}
.counts,.inputs{padding-left:0;list-style:none}.counts li{display:inline-block;margin:0 .8em .3em 0}
.badge{display:inline-block;min-width:4.2em;text-align:center;font-size:.75rem;font-weight:700;text-transform:uppercase;color:#fff;border-radius:3px;padding:.05em .4em}
.badge.sev-critical{background:var(--critical)}.badge.sev-high{background:var(--high)}.badge.sev-medium{background:var(--medium)}.badge.sev-low{background:var(--low)}.badge.sev-info{background:var(--info)}
.finding{border:1px solid var(--line);border-left:4px solid var(--info);border-radius:4px;padding:.6em .8em;margin:.6em 0;break-inside:avoid-page}
.finding.sev-critical{border-left-color:var(--critical)}.finding.sev-high{border-left-color:var(--high)}.finding.sev-medium{border-left-color:var(--medium)}.finding.sev-low{border-left-color:var(--low)}
.finding p{margin:.4em 0}.finding .id{color:var(--muted);font-size:.85em}.lang{color:var(--muted);font-weight:400;font-size:.85em}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.85em;margin:.4em 0}th,td{border:1px solid var(--line);padding:.2em .45em;text-align:left;vertical-align:top;max-width:32em}th{background:var(--soft)}
details summary{cursor:pointer;color:var(--muted)}
.chart{margin:.8em 0;break-inside:avoid}.chart .svg{overflow-x:auto}.chart svg{max-width:100%;height:auto}
.chart figcaption{font-size:.85em;color:var(--muted);margin-top:.2em}.chart figcaption strong{color:var(--fg)}
.remedy{margin:.6em 0}.remedy .meta{color:var(--muted);font-size:.85em;margin:.1em 0}.remedy.not-worth-it{opacity:.75}
h3[class^=sev-]{text-transform:capitalize}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:.8em;margin-top:2em;border-top:1px solid var(--line)}
@media (max-width:480px){body{font-size:14px}main{padding:10px}.badge{min-width:0}}
@media print{body{font-size:11pt}main{max-width:none;padding:0}details>*{display:block}details summary{display:none}.finding,.chart{break-inside:avoid}.scroll,.chart .svg{overflow:visible}a{color:inherit}}
`;
