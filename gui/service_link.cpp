#include "gui/service_link.hpp"

#include "ingest/service.hpp"

namespace fl::gui {

ServiceLink link_to(ingest::Service& service) {
    ServiceLink link;
    link.config = service.config();
    link.standings = [&service] { return service.standings(); };
    link.readers = [&service] { return service.reader_status(); };
    link.sites = [&service] { return service.site_status(); };
    link.submit = [&service](std::string line, std::function<void(std::string)> reply) {
        service.submit_marshal_line(std::move(line), std::move(reply), "gui");
    };
    return link;
}

}  // namespace fl::gui
