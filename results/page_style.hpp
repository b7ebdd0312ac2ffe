#pragma once
// The look of a results table on a phone and on paper, shared by the self-contained
// results.html export (inline) and the web pages' /app.css: columns a runner looks for least
// (class opt, then alt) give way on narrow screens; print shows every column.
#include <string_view>

namespace fl::results {

inline constexpr std::string_view results_table_css = R"css(
:root{color-scheme:light}
body{font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:12px;color:#111;background:#fff}
h1{font-size:1.4em;margin:.2em 0}
h2{font-size:1.2em;margin:1.2em 0 .3em}
.meta{color:#555;font-size:.9em;margin:.2em 0 .6em}
.controls{display:flex;flex-wrap:wrap;gap:8px;margin:.4em 0}
.controls select,.controls input{font-size:1em;padding:4px 6px}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:4px 6px;border-bottom:1px solid #ddd;text-align:left;white-space:nowrap}
th{background:#f2f2f2;cursor:pointer;user-select:none;position:sticky;top:0}
th[aria-sort=ascending]::after{content:" \25B2"}
th[aria-sort=descending]::after{content:" \25BC"}
td.n,th.n{text-align:right}
tr.st-DNF td,tr.st-DQ td,tr.st-DNS td{color:#777}
@media (max-width:640px){.opt{display:none}body{padding:6px;font-size:14px}td.nm{white-space:normal;min-width:7em}
 tr.st-DNF td.rt:empty::after{content:"DNF"}tr.st-DQ td.rt:empty::after{content:"DQ"}tr.st-DNS td.rt:empty::after{content:"DNS"}}
@media (max-width:400px){.alt{display:none}th,td{padding:4px 3px}}
@media print{.controls{display:none}th{position:static}body{padding:0}.wrap{overflow:visible}
 tr{page-break-inside:avoid}.opt,.alt{display:table-cell}}
)css";

}  // namespace fl::results
