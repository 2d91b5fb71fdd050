// common/url_resolve.h: RFC 3986 reference resolution, for links in feeds and pages.
#pragma once

#include <string>
#include <string_view>

namespace byline {

/// `ref` resolved against `base` (RFC 3986 section 5.2). An empty base, or an absolute ref,
/// returns ref unchanged (trimmed). Unsafe schemes (javascript:, data:) give "".
std::string resolve_url(std::string_view base, std::string_view ref);

}  // namespace byline
