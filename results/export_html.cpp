#include <algorithm>

#include <fmt/format.h>

#include "results/display.hpp"
#include "results/exports.hpp"
#include "results/html_text.hpp"
#include "results/page_style.hpp"

namespace fl::results {
namespace {

std::string esc(std::string_view text) { return html_escape(text); }


constexpr std::string_view script = R"js(
(function(){
function val(td){var v=td.getAttribute('data-v');return v===null?td.textContent:v;}
document.querySelectorAll('section.event').forEach(function(sec){
  var table=sec.querySelector('table'),body=table.tBodies[0];
  var sel=sec.querySelector('select.cat'),q=sec.querySelector('input.q');
  function filter(){
    var c=sel?sel.value:'',t=q?q.value.toLowerCase():'';
    Array.prototype.forEach.call(body.rows,function(r){
      var ok=(!c||r.getAttribute('data-cat')===c)&&(!t||r.textContent.toLowerCase().indexOf(t)>=0);
      r.style.display=ok?'':'none';});
  }
  if(sel)sel.addEventListener('change',filter);
  if(q)q.addEventListener('input',filter);
  // Equal values keep the table's own order (places: the order of crossing).
  Array.prototype.forEach.call(body.rows,function(r,k){r.setAttribute('data-i',k);});
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    th.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(o){o.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var num=th.classList.contains('n');
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=val(a.cells[i]),y=val(b.cells[i]),d;
        if(x===''||y==='')d=(x==='')-(y==='');
        else{d=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y);if(!asc)d=-d;}
        return d||a.getAttribute('data-i')-b.getAttribute('data-i');});
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
})();
)js";

// The time the event ranks on comes first: on a phone it is the one time shown (with the
// other when there is room); the columns a runner looks for least go first.
std::string times_header(timing::RankBy by) {
    const bool net = by == timing::RankBy::net;
    return fmt::format("<th class=\"n rt\">{}</th><th class=\"n alt\">{}</th>",
                       net ? "Net time" : "Gun time", net ? "Gun time" : "Net time");
}

std::string num_cell(const std::optional<int>& v, bool optional_col = false) {
    const auto cls = optional_col ? "n opt" : "n";
    if (!v) return fmt::format("<td class=\"{}\" data-v=\"\"></td>", cls);
    return fmt::format("<td class=\"{}\" data-v=\"{}\">{}</td>", cls, *v, *v);
}

std::string time_cell(const std::optional<Duration>& d, timing::Resolution r, std::string_view cls) {
    if (!d) return fmt::format("<td class=\"{}\" data-v=\"\"></td>", cls);
    return fmt::format("<td class=\"{}\" data-v=\"{}\">{}</td>", cls, d->count(), esc(show_time(d, r)));
}

}  // namespace

std::string to_html(const Standings& s, const ExportFilter& f) {
    const auto events = selected_events(s, f);
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += fmt::format("<title>{} results</title>\n<style>{}</style>\n</head>\n<body>\n", esc(s.race), results_table_css);
    out += fmt::format("<h1>{}</h1>\n<p class=\"meta\">{}</p>\n", esc(s.race), esc(timing::format_date(s.date)));
    for (const auto* e : events) {
        const auto& c = e->counts;
        out += "<section class=\"event\">\n";
        out += fmt::format("<h2>{}</h2>\n", esc(e->name));
        out += fmt::format(
            "<p class=\"meta\">{}, ranked on {} time &middot; {} finished, {} on course, {} DNF, "
            "{} DQ, {} DNS of {} entered</p>\n",
            esc(course_text(*e)), timing::to_string(e->rank_by), c.finished, c.on_course, c.dnf - c.on_course,
            c.dq, c.dns, c.entered);
        // A lap race: the laps first (they rank), each lap's time after the splits.
        const bool laps = e->counts_laps();
        std::size_t lap_columns = 0;
        if (laps)
            for (const auto& row : e->rows)
                if (row_selected(row, f)) lap_columns = std::max(lap_columns, row.runner->lap_times.size());
        out += "<div class=\"controls\">";
        out += "<select class=\"cat\" aria-label=\"Category\"><option value=\"\">All categories</option>";
        for (const auto& cat : e->categories)
            out += fmt::format("<option value=\"{0}\"{1}>{0}</option>", esc(cat),
                               cat == f.category ? " selected" : "");
        out += "</select><input class=\"q\" type=\"search\" placeholder=\"Bib or name\" aria-label=\"Search\"></div>\n";
        out += "<div class=\"wrap\"><table>\n<thead><tr>"
               "<th class=\"n\">Place</th><th>Bib</th><th>Name</th>" +
               std::string(!laps ? "" : e->backyard() ? "<th class=\"n\">Loops</th>" : "<th class=\"n\">Laps</th>") +
               "<th class=\"opt\">Gender</th>"
               "<th class=\"n opt\">Age</th><th class=\"opt\">Category</th><th class=\"opt\">Team</th>"
               + times_header(e->rank_by) +
               "<th class=\"n opt\">Gender place</th><th class=\"n opt\">Category place</th><th class=\"opt\">Status</th>";
        for (const auto& sp : e->splits) out += fmt::format("<th class=\"n opt\">{}</th>", esc(sp.name));
        for (std::size_t k = 1; k <= lap_columns; ++k)
            out += fmt::format("<th class=\"n opt\">{} {}</th>", e->backyard() ? "Loop" : "Lap", k);
        if (s.age_grading) out += "<th class=\"n opt\">Age grade %</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& row : e->rows) {
            if (!row_selected(row, f)) continue;
            const auto& r = *row.runner;
            const bool fin = r.status == Status::finished;
            const auto status = to_string(r.status);
            out += fmt::format("<tr class=\"st-{}\" data-cat=\"{}\">", status, esc(r.category));
            out += num_cell(row.place);
            out += fmt::format("<td>{}</td><td class=\"nm\">{}</td>", esc(r.bib), esc(r.name));
            if (laps) out += fmt::format("<td class=\"n\" data-v=\"{0}\">{0}</td>", r.laps);
            out += fmt::format("<td class=\"opt\">{}</td>", r.gender ? std::string(1, timing::to_char(*r.gender)) : "");
            out += r.age ? fmt::format("<td class=\"n opt\" data-v=\"{0}\">{0}</td>", *r.age)
                         : std::string("<td class=\"n opt\" data-v=\"\"></td>");
            out += fmt::format("<td class=\"opt\">{}</td><td class=\"opt\">{}</td>", esc(r.category), esc(r.team));
            const auto gun = fin ? r.gun_time : std::nullopt;
            const auto net = fin ? r.net_time : std::nullopt;
            const bool by_net = e->rank_by == timing::RankBy::net;
            out += time_cell(by_net ? net : gun, s.display, "n rt");
            out += time_cell(by_net ? gun : net, s.display, "n alt");
            out += num_cell(row.gender_place, true);
            out += num_cell(row.category_place, true);
            out += fmt::format("<td class=\"opt\" title=\"{}\">{}{}</td>", esc(r.dq_reason), status,
                               row.dead_heat ? " (dead heat)" : "");
            for (const auto& sp : r.splits) out += time_cell(sp.elapsed, s.display, "n opt");
            for (std::size_t k = 0; k < lap_columns; ++k)
                out += time_cell(k < r.lap_times.size() ? std::optional(r.lap_times[k]) : std::nullopt, s.display, "n opt");
            if (s.age_grading)
                out += fin && r.age_grade
                           ? fmt::format("<td class=\"n opt\" data-v=\"{0}\">{0}</td>", show_percent(r.age_grade))
                           : std::string("<td class=\"n opt\" data-v=\"\"></td>");
            out += "</tr>\n";
        }
        out += "</tbody>\n</table></div>\n</section>\n";
    }
    for (const auto& t : selected_teams(s, f)) {
        out += "<section class=\"teams\">\n";
        out += fmt::format("<h2>{}</h2>\n<p class=\"meta\">{}</p>\n", esc(t.config.name), esc(scoring_rule(t.config)));
        out += "<div class=\"wrap\"><table>\n<thead><tr><th class=\"n\">Place</th><th>Team</th>"
               "<th class=\"n\">Score</th><th>Members</th></tr></thead>\n<tbody>\n";
        for (const auto& team : t.teams) {
            auto members = listed_members(team, t.config, s.display);
            for (auto& m : members) m = esc(m);
            out += fmt::format("<tr>{}<td class=\"nm\">{}</td><td class=\"n\">{}</td><td>{}{}</td></tr>\n",
                               num_cell(team.place), esc(team.team), esc(score_text(team, s.display)),
                               team.place ? "" : fmt::format("<em>not scored: {}</em> ", esc(team.short_of)),
                               fmt::join(members, "; "));
        }
        out += "</tbody>\n</table></div>\n</section>\n";
    }
    out += fmt::format("<script>{}</script>\n</body>\n</html>\n", script);
    return out;
}

}  // namespace fl::results
