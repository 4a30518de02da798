// Text into HTML, and the page's stylesheet and script.
#include "markup.hpp"

#include "../format.hpp"

#include <cmath>

namespace chibo::html {

std::string escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string exact(double v) {
  return std::isnan(v) ? "" : detail::number(v);
}

const char* const style = R"(
:root{--ink:#1d2329;--muted:#5b6670;--line:#d9dee3;--tot:#2e7d32;--kha:#7cb342;--tb:#f9a825;--kem:#c62828;--bar:#3f6fb5}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "Segoe UI","Noto Sans","Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:var(--ink);background:#fff}
header,main{max-width:1100px;margin:0 auto;padding:16px 20px}
header{border-bottom:3px solid #b71c1c}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}
footer{margin:24px 0 8px;font-size:13px}
nav.crumbs{font-size:14px;margin-bottom:6px}nav.crumbs a{color:var(--bar)}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:22px}
.charts{display:flex;gap:24px;flex-wrap:wrap}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.r-tot{color:var(--tot)}.r-kha{color:#558b2f}.r-trung_binh{color:#b26a00}.r-kem{color:var(--kem)}
details{margin:2px 0 2px 14px}summary{cursor:pointer}summary .total,.unit-link .total{font-variant-numeric:tabular-nums;margin-left:8px}
.unit-link{margin:2px 0 2px 28px}.unit-link a{color:var(--bar)}
svg.spark{vertical-align:middle;margin-left:8px}svg.spark path{fill:none;stroke:var(--bar);stroke-width:1.5}
.priorities{margin:4px 0 8px 18px}.priorities li{margin:2px 0}
.meetings,.cadre{font-size:13px;color:var(--muted);margin:2px 0 8px 18px}
table.plan{font-size:13px;margin:4px 0 8px 18px;width:auto}
#search{font:inherit;padding:6px 10px;width:min(420px,100%);margin-top:8px;border:1px solid var(--line);border-radius:4px}
.hidden{display:none}
@media print{@page{size:A4;margin:15mm}#search{display:none}header{border:0}details{margin-left:8px}
details>summary{list-style:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}}
)";

const char* const script = R"(
(function(){
  var items=Array.from(document.querySelectorAll('#tree [data-name]'));
  var names=items.map(function(d){return d.getAttribute('data-name').toLowerCase().normalize('NFC');});
  var at=new Map(items.map(function(d,i){return [d,i];}));
  var parent=items.map(function(d){var p=d.parentElement.closest('[data-name]');return p?at.get(p):-1;});
  document.getElementById('search').addEventListener('input',function(e){
    var q=e.target.value.trim().toLowerCase().normalize('NFC');
    var keep=items.map(function(){return false;}),below=keep.slice();
    for(var i=items.length-1;i>=0;--i){
      if(names[i].indexOf(q)>=0||below[i]){keep[i]=true;if(parent[i]>=0){below[parent[i]]=true;}}
    }
    items.forEach(function(d,i){
      d.classList.toggle('hidden',q!==''&&!keep[i]);
      if(q!==''&&below[i]&&d.tagName==='DETAILS'){d.open=true;}
    });
  });
})();
)";

}  // namespace chibo::html
