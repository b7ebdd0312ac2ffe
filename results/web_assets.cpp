#include "results/web_assets.hpp"

#include <string>

#include <fmt/format.h>

#include "results/page_style.hpp"
#include "timing/text.hpp"

namespace fl::results {
namespace {

// After the results table's own rules (shared with results.html): large type and black on
// white for reading in sunlight, 44 px tap targets, and the page frame.
constexpr std::string_view page_css = R"css(
body{font:18px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:0;color:#000;background:#fff}
a{color:#0033a0;text-underline-offset:2px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.top{background:#000;color:#fff;display:flex;flex-wrap:wrap;align-items:center;gap:0 8px;padding:0 8px}
header.top a{color:#fff;display:inline-flex;align-items:center;min-height:48px;padding:0 8px}
header.top .site{font-weight:700;flex:1 1 auto;text-decoration:none}
header.top nav{display:flex;flex-wrap:wrap}
main{padding:8px 12px 16px;max-width:60rem}
h1{font-size:1.6em;line-height:1.2;margin:.4em 0 .2em}
h2{font-size:1.25em;margin:1.1em 0 .3em}
h3{font-size:1.1em;margin:1em 0 .2em}
.meta{color:#222;font-size:.95em}
.stamp{color:#222;font-size:.9em;margin-top:1.2em}
form.search label{display:block;font-weight:600;margin:.3em 0}
form.search .row{display:flex;gap:8px}
form.search input{flex:1 1 auto;min-width:0;font-size:1.1em;min-height:48px;padding:0 10px;border:2px solid #000;border-radius:6px;background:#fff;color:#000}
form.search button{font-size:1.05em;min-height:48px;min-width:48px;padding:0 16px;border:2px solid #000;border-radius:6px;background:#000;color:#fff;font-weight:700}
.views{display:flex;flex-wrap:wrap;gap:8px;margin:.5em 0}
.views a{display:inline-flex;align-items:center;min-height:44px;padding:0 14px;border:2px solid #000;border-radius:22px;color:#000;text-decoration:none;font-weight:600}
.views a[aria-current]{background:#000;color:#fff}
.pager{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;margin:.6em 0}
.pager a{display:inline-flex;align-items:center;min-height:44px;padding:0 14px;border:2px solid #000;border-radius:22px;color:#000;text-decoration:none;font-weight:600}
details.cats summary{display:inline-flex;align-items:center;min-height:44px;padding:0 14px;border:2px solid #000;border-radius:22px;font-weight:700;cursor:pointer;list-style:none;margin:0 0 4px}
details.cats summary::-webkit-details-marker{display:none}
details.cats summary::after{content:" \25BE";padding-left:.3em}
details.cats[open] summary::after{content:" \25B4"}
th{cursor:auto;background:#e8e8e8;color:#000}
th,td{padding:10px 6px;border-bottom:1px solid #999}
td a{display:inline-block;min-height:24px;padding:10px 0;margin:-10px 0}
tr.st-DNF td,tr.st-DQ td,tr.st-DNS td{color:#333}
tr.fresh td{background:#fff3b0;font-weight:700}
.big{font-size:2.2em;font-weight:800;margin:.2em 0;font-variant-numeric:tabular-nums}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:6px 14px;margin:.6em 0}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0;font-variant-numeric:tabular-nums}
footer{border-top:2px solid #000;padding:8px 12px;font-size:.9em;color:#222}
@media (max-width:640px){body{font-size:17px;padding:0}th,td{padding:10px 4px}}
@media print{header.top,form.search,.views,details.cats,.pager,footer{display:none}body{font-size:11pt}main{padding:0;max-width:none}
 a{color:#000;text-decoration:none}tr.fresh td{background:none;font-weight:normal}th{background:none}}
)css";

// Live updates. The server's HTML stays the one source of truth: on a /live event that
// concerns this page, the page fetches itself again and swaps in the new content of each
// `.live` region (by id), so no result row is ever built here, and a reload without
// JavaScript shows exactly the same. The search form is outside those regions: what a runner
// is typing survives an update.
constexpr std::string_view page_js = R"js((function(){
'use strict';
var root=document.documentElement,main=document.querySelector('main');
if(!main||main.getAttribute('data-page')==='missing'||!window.EventSource||!window.fetch||!window.DOMParser)return;
var version=Number(main.getAttribute('data-version'))||0;
var page=main.getAttribute('data-page')||'',bib=main.getAttribute('data-bib'),
    ev=main.getAttribute('data-event');
// A runner's own page updates at once; a table at most every 2 s, however fast they finish.
var busy=false,again=false,fresh={},timer=0,last=0,gap=page==='runner'?0:2000;
function two(n){return (n<10?'0':'')+n;}
function stamp(){
  var s=document.getElementById('updated');if(!s)return;
  var d=new Date();
  s.textContent='updated '+two(d.getHours())+':'+two(d.getMinutes())+':'+two(d.getSeconds());
}
function concerns(d){
  var list=d.finishers||[];
  // A redraw (full), a finish taken back (removed) or a change that is not a finish: any page
  // may show it.
  if(d.full||!list.length||(d.removed&&d.removed.length))return true;
  for(var i=0;i<list.length;i++){
    var f=list[i];
    if(page==='runner'||page==='event'){if(String(f.bib)===bib||f.event===ev)return true;}
    else return true;
  }
  return false;
}
function swap(html){
  var doc=new DOMParser().parseFromString(html,'text/html'),m=doc.querySelector('main');
  if(!m)return;
  // Taken whatever its version: after a restart of the service versions count again.
  var v=Number(m.getAttribute('data-version'))||0;
  version=v;main.setAttribute('data-version',String(v));
  Array.prototype.forEach.call(doc.querySelectorAll('.live[id]'),function(n){
    var old=document.getElementById(n.id);
    if(old)old.parentNode.replaceChild(document.importNode(n,true),old);
  });
  Array.prototype.forEach.call(document.querySelectorAll('tr[data-bib]'),function(r){
    if(fresh[r.getAttribute('data-bib')])r.classList.add('fresh');
  });
  fresh={};
}
function refresh(){
  if(busy){again=true;return;}
  var wait=last+gap-Date.now();
  if(wait>0){if(!timer)timer=setTimeout(function(){timer=0;refresh();},wait);return;}
  busy=true;last=Date.now();
  fetch(location.href,{credentials:'same-origin'}).then(function(r){
    if(!r.ok)throw new Error('HTTP '+r.status);
    return r.text();
  }).then(function(t){swap(t);stamp();root.setAttribute('data-refreshed',String(version));})
  .catch(function(){}).then(function(){busy=false;if(again){again=false;refresh();}});
}
function onevent(m){
  var d;try{d=JSON.parse(m.data);}catch(e){return;}
  var v=Number(d.version)||0;
  if(v<=version&&!d.full){stamp();return;}
  (d.finishers||[]).forEach(function(f){fresh[String(f.bib)]=true;});
  if(concerns(d))refresh();else stamp();
}
// EventSource reconnects by itself (with Last-Event-ID) after a network blip; a stream the
// server refused or ended for good is opened again 10 s later, from the page's version.
function connect(){
  var es=new EventSource('/live?since='+version);
  es.onopen=function(){root.setAttribute('data-live','open');};
  es.onerror=function(){
    if(es.readyState===2){root.setAttribute('data-live','closed');setTimeout(connect,10000);}
    else root.setAttribute('data-live','connecting');
  };
  es.onmessage=onevent;
}
connect();
})();
)js";

std::string tag_of(std::string_view body) { return fmt::format("{:016x}", timing::fnv1a(body)); }

const std::string& css_body() {
    static const std::string body = std::string(results_table_css) + std::string(page_css);
    return body;
}

}  // namespace

const WebAsset& web_css() {
    static const std::string tag = tag_of(css_body());
    static const WebAsset asset{"/app.css", "text/css; charset=utf-8", css_body(), tag};
    return asset;
}

const WebAsset& web_js() {
    static const std::string tag = tag_of(page_js);
    static const WebAsset asset{"/app.js", "text/javascript; charset=utf-8", page_js, tag};
    return asset;
}

const WebAsset* find_web_asset(std::string_view path) {
    if (path == web_css().path) return &web_css();
    if (path == web_js().path) return &web_js();
    return nullptr;
}

}  // namespace fl::results
