// A page, or a folder of linked pages each within a budget (docs/report.md).
#include "page.hpp"

#include "../parallel.hpp"
#include "../text_out.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>
#include <streambuf>

namespace chibo {

namespace {

// Counts what a page would take without keeping it.
class CountingBuffer : public std::streambuf {
 public:
  std::uintmax_t bytes = 0;

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) ++bytes;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::uintmax_t>(n);
    return n;
  }
};

std::uintmax_t size_of(html::Page& page) {
  CountingBuffer counter;
  std::ostream out(&counter);
  page.write(out);
  return counter.bytes;
}

std::string lowered(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A file name for each committee: its id in characters every file system takes, unique even
// where names differ only in case (FAT on a USB stick).
std::vector<std::string> file_names(const html::Site& site) {
  std::vector<std::string> names(site.report.units.size());
  std::set<std::string> taken{"index.html"};
  for (std::size_t u = 0; u < names.size(); ++u) {
    if (site.is_cell(u)) continue;
    std::string base = "unit-";
    for (const char c : std::string_view(site.dataset.org_units.id[u]).substr(0, 100)) {
      const auto b = static_cast<unsigned char>(c);
      base += std::isalnum(b) || c == '-' || c == '_' || c == '.' ? c : '_';
    }
    std::string name = base + ".html";
    for (int k = 2; !taken.insert(lowered(name)).second; ++k) name = base + "-" + std::to_string(k) + ".html";
    names[u] = std::move(name);
  }
  return names;
}

}  // namespace

void write_html(std::ostream& out, const Report& report, const HtmlOptions& options) {
  const html::Site site(report, options);
  std::vector<std::size_t> roots = site.roots;
  if (options.root != no_index) {
    if (options.root >= report.units.size()) throw std::invalid_argument("write_html: no such unit");
    roots = {options.root};
  }
  html::Page(site, std::move(roots), no_index).write(out);
}

std::vector<HtmlPage> write_html_dir(const std::filesystem::path& folder, const Report& report,
                                     const HtmlOptions& options) {
  html::Site site(report, options);
  site.index_file = "index.html";
  const auto names = file_names(site);
  for (const auto root : site.roots) site.page_file[root] = names[root];
  std::filesystem::create_directories(folder);

  const auto write = [&](html::Page& page, std::size_t unit) {
    const std::string& file = unit == no_index ? site.index_file : site.page_file[unit];
    auto out = detail::open_output(folder / file);
    page.write(out);
    out.flush();
    if (!out) throw std::system_error(errno, std::generic_category(), (folder / file).string());
    return HtmlPage{file, static_cast<Index>(unit), static_cast<std::uintmax_t>(out.tellp())};
  };

  // Each root's pages from the top down: a unit whose page would pass the budget gives each of
  // its committees a page of its own, and so on below them.
  std::vector<std::vector<HtmlPage>> by_root(site.roots.size());
  const unsigned threads = detail::thread_count(options.threads);
  detail::for_each_chunk(site.roots.size(), threads, [&](std::size_t k, std::size_t) {
    html::CellBlocks cache;
    std::vector<std::size_t> todo{site.roots[k]};
    for (std::size_t next = 0; next < todo.size(); ++next) {
      const std::size_t u = todo[next];
      html::Page page(site, {u}, u, &cache);
      std::vector<std::size_t> split;
      if (size_of(page) > options.page_budget)
        for (const auto c : site.children[u])
          if (!site.is_cell(c)) split.push_back(c);
      for (const auto c : split) site.page_file[c] = names[c];
      html::Page final_page(site, {u}, u, &cache);
      by_root[k].push_back(write(final_page, u));
      for (const auto c : site.children[u])
        if (site.is_cell(c)) cache.erase(c);  // shown on u's page only
      todo.insert(todo.end(), split.begin(), split.end());
    }
  });

  html::Page index(site, site.roots, no_index);
  std::vector<HtmlPage> pages{write(index, no_index)};
  for (auto& p : by_root) pages.insert(pages.end(), p.begin(), p.end());
  return pages;
}

}  // namespace chibo
