#!/usr/bin/python3
"""Generates byline's bundled sample corpus under samples/ (original fiction, written for byline).

Every company, product, person and outlet below is invented; the domains use the reserved
`.example` TLD. The pages imitate real news-site markup (navigation, cookie banners, ad slots,
related boxes, JSON-LD) so the extractor and the related-story ranker have realistic work to do.

Usage:  scripts/make_samples.py            # (re)write samples/ and check it
        scripts/make_samples.py --check    # only check an existing samples/ tree
The output is deterministic: running it twice gives byte-identical files.
"""

import hashlib
import html
import json
import os
import re
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html.parser import HTMLParser

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")

# ---------------------------------------------------------------------------------------------
# Outlets: each has its own URL scheme, time zone and page template (see render_* below).

OUTLETS = {
    "circuitledger": dict(name="The Circuit Ledger", domain="circuitledger.example",
                          tz=timedelta(hours=-7), tzname="PT", kind="tech site"),
    "fairhaven": dict(name="Fairhaven Business Daily", domain="www.fairhavendaily.example",
                      tz=timedelta(hours=-5), tzname="ET", kind="business daily"),
    "wirewire": dict(name="Wirewire", domain="wirewire.example", tz=timedelta(0),
                     tzname="GMT", kind="wire service"),
    "thumbscroll": dict(name="Thumbscroll", domain="thumbscroll.example",
                        tz=timedelta(hours=1), tzname="CET", kind="gadget blog"),
    "briefstack": dict(name="Briefstack", domain="briefstack.example",
                       tz=timedelta(hours=0), tzname="UTC", kind="aggregator"),
}

ARTICLES = []  # filled by the A(...) calls in the content section


class Article:
    def __init__(self, outlet, story, slug, published, title, description, author, keywords,
                 figure, body, modified=None, section="Technology", wire_copy=False,
                 minutes=None):
        self.outlet = outlet
        self.story = story
        self.slug = slug
        self.published = parse_utc(published)
        self.modified = parse_utc(modified) if modified else self.published + timedelta(
            minutes=17 + len(slug) % 40)
        self.title = title
        self.description = description
        self.author = author
        self.keywords = keywords
        self.figure = figure  # (caption, credit)
        self.blocks = parse_body(body)
        self.section = section
        self.wire_copy = wire_copy
        self.minutes = minutes

    @property
    def o(self):
        return OUTLETS[self.outlet]

    @property
    def path(self):
        return "articles/%s/%s.html" % (self.outlet, self.slug)

    @property
    def canonical(self):
        d, p, slug = self.o["domain"], self.published, self.slug
        h = hashlib.sha1(slug.encode()).hexdigest()
        if self.outlet == "circuitledger":
            return "https://%s/%04d/%02d/%02d/%s/" % (d, p.year, p.month, p.day, slug)
        if self.outlet == "fairhaven":
            return "https://%s/business/%s/%s-%s" % (d, self.section.lower(), slug,
                                                      p.strftime("%Y%m%d"))
        if self.outlet == "wirewire":
            return "https://%s/article/%s-idWW%s" % (d, slug, h[:10].upper())
        if self.outlet == "thumbscroll":
            return "https://%s/news/%s" % (d, slug)
        return "https://%s/story/%s-%s" % (d, slug, h[:8])

    def local(self, dt=None):
        return (dt or self.published) + self.o["tz"]

    def iso(self, dt=None):
        """ISO 8601 in the outlet's own offset (the same instant as the UTC value)."""
        off = self.o["tz"]
        t = (dt or self.published) + off
        if off == timedelta(0) and self.outlet == "wirewire":
            return t.strftime("%Y-%m-%dT%H:%M:%SZ")
        sign = "-" if off < timedelta(0) else "+"
        mins = abs(int(off.total_seconds())) // 60
        return t.strftime("%Y-%m-%dT%H:%M:%S") + "%s%02d:%02d" % (sign, mins // 60, mins % 60)

    def words(self):
        """Words in the body paragraphs (headings not counted)."""
        return sum(len(t.split()) for k, t in self.blocks if k == "p")

    def paragraphs(self):
        return [t for k, t in self.blocks if k == "p"]


def parse_utc(s):
    return datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)


def parse_body(text):
    """Blank-line separated blocks; '## ' starts an h2, '### ' an h3, anything else a paragraph."""
    blocks = []
    for raw in re.split(r"\n\s*\n", text.strip()):
        b = " ".join(line.strip() for line in raw.strip().splitlines())
        if b.startswith("### "):
            blocks.append(("h3", b[4:]))
        elif b.startswith("## "):
            blocks.append(("h2", b[3:]))
        else:
            blocks.append(("p", b))
    return blocks


def A(**kw):
    ARTICLES.append(Article(**kw))


def e(s):
    return html.escape(s, quote=False)


def ea(s):
    return html.escape(s, quote=True)


def texturize(escaped):
    """Curly quotes as numeric entities, the way WordPress's wptexturize writes body text."""
    t = re.sub(r'(^|[\s(])"', r"\1&#8220;", escaped)
    t = t.replace('"', "&#8221;")
    t = re.sub(r"(\w)'", r"\1&#8217;", t)
    t = re.sub(r"(^|\s)'", r"\1&#8216;", t)
    return t.replace("'", "&#8217;").replace(" - ", " &#8211; ")


def body_html(a, indent="      ", pclass=None, between=None, fancy=False):
    """Body blocks as HTML; `between(i)` may return extra markup after the i-th paragraph."""
    out, n = [], 0
    cls = ' class="%s"' % pclass if pclass else ""
    for kind, text in a.blocks:
        if kind == "p":
            out.append("%s<p%s>%s</p>" % (indent, cls, texturize(e(text)) if fancy else e(text)))
            n += 1
            if between:
                extra = between(n)
                if extra:
                    out.append(extra)
        else:
            out.append("%s<%s>%s</%s>" % (indent, kind, e(text), kind))
    return "\n".join(out)


def jsonld(obj):
    s = json.dumps(obj, ensure_ascii=False, indent=2)
    return s.replace("</", "<\\/")


def newsarticle(a, with_context=True):
    d = {
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.description,
        "datePublished": a.iso(),
        "dateModified": a.iso(a.modified),
        "author": [{"@type": "Person", "name": n} for n in a.author.split(" and ")],
        "publisher": {"@type": "Organization", "name": a.o["name"],
                      "logo": {"@type": "ImageObject",
                               "url": "https://%s/static/logo.png" % a.o["domain"]}},
        "mainEntityOfPage": a.canonical,
        "keywords": ", ".join(a.keywords),
        "articleSection": a.section,
        "image": "https://img.%s/%s/%s.jpg" % (a.o["domain"].replace("www.", ""),
                                               a.published.strftime("%Y/%m"), a.slug),
        "wordCount": a.words(),
        "inLanguage": "en",
    }
    if with_context:
        d = {"@context": "https://schema.org", **d}
    return d


def og_meta(a, indent="  "):
    img = "https://img.%s/%s/%s.jpg" % (a.o["domain"].replace("www.", ""),
                                        a.published.strftime("%Y/%m"), a.slug)
    rows = [
        ('property="og:type"', "article"),
        ('property="og:site_name"', a.o["name"]),
        ('property="og:title"', a.title),
        ('property="og:description"', a.description),
        ('property="og:url"', a.canonical),
        ('property="og:image"', img),
        ('property="article:published_time"', a.iso()),
        ('property="article:modified_time"', a.iso(a.modified)),
        ('property="article:section"', a.section),
        ('name="twitter:card"', "summary_large_image"),
        ('name="twitter:title"', a.title),
    ]
    rows += [('property="article:tag"', k) for k in a.keywords[:4]]
    return "\n".join('%s<meta %s content="%s">' % (indent, k, ea(v)) for k, v in rows)


def related(a, n=4):
    """Other pages of the same outlet, nearest in time first (what a real 'related' box shows)."""
    same = [x for x in ARTICLES if x.outlet == a.outlet and x is not a]
    same.sort(key=lambda x: (abs((x.published - a.published).total_seconds()), x.slug))
    return same[:n]


def partners(a, n=3):
    """Pages of other outlets, picked by a stable hash (a 'from around the web' widget)."""
    others = [x for x in ARTICLES if x.outlet != a.outlet and x.story != a.story]
    others.sort(key=lambda x: hashlib.md5((a.slug + x.slug).encode()).hexdigest())
    return others[:n]


def href(a, b):
    """Relative link from page a to page b."""
    if a.outlet == b.outlet:
        return b.slug + ".html"
    return "../%s/%s.html" % (b.outlet, b.slug)


def nav_links(domain, sections, indent):
    return "\n".join('%s<li><a href="https://%s/%s">%s</a></li>' %
                     (indent, domain, re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-"), e(s))
                     for s in sections)


ANALYTICS = """  <script>
    window.dataLayer = window.dataLayer || [];
    function gtag(){dataLayer.push(arguments);}
    gtag('js', new Date()); gtag('config', 'G-%s', {anonymize_ip: true});
    (function(){var s=document.createElement('script');s.async=true;
      s.src='https://metrics.%s/tag.js?site=%s';document.head.appendChild(s);})();
  </script>"""


def analytics(a, code):
    return ANALYTICS % (code, a.o["domain"].replace("www.", ""), a.outlet)


# ---------------------------------------------------------------------------------------------
# Templates.

def render_circuitledger(a):
    o, lt = a.o, a.local()
    rel = related(a)
    fig_cap, fig_credit = a.figure
    secs = ["AI", "Chips", "Phones", "Security", "Policy", "Science", "Gaming", "Cars",
            "Reviews", "Deals", "Podcasts", "Video"]
    rel_items = "\n".join(
        '          <li class="c-related__item"><a class="c-related__link" href="%s">%s</a>'
        '<span class="c-related__date">%s</span></li>'
        % (href(a, r), e(r.title), r.local().strftime("%b %-d")) for r in rel)
    tags = "\n".join('          <a class="c-tag" href="https://%s/tag/%s/">%s</a>'
                     % (o["domain"], k.lower().replace(" ", "-"), e(k)) for k in a.keywords)
    return f"""<!DOCTYPE html>
<html lang="en-US" class="no-js">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(a.title)} | The Circuit Ledger</title>
  <meta name="description" content="{ea(a.description)}">
  <meta name="author" content="{ea(a.author)}">
  <meta name="keywords" content="{ea(', '.join(a.keywords))}">
  <link rel="canonical" href="{a.canonical}">
  <link rel="alternate" type="application/rss+xml" title="The Circuit Ledger" href="https://{o['domain']}/feed/">
  <link rel="stylesheet" href="https://cdn.{o['domain']}/css/main.3f9a1c.css">
{og_meta(a)}
  <script type="application/ld+json">
{jsonld(newsarticle(a))}
  </script>
{analytics(a, "CL7Q2X9K1")}
</head>
<body class="single single-post postid-{int(hashlib.md5(a.slug.encode()).hexdigest()[:5], 16)} c-layout">
  <div id="cookie-consent" class="c-consent" role="dialog" aria-label="Cookie consent">
    <p>We and our 214 partners use cookies to personalise ads and measure audiences. <a href="https://{o['domain']}/privacy/">Privacy policy</a></p>
    <button class="c-consent__accept">Accept all</button> <button class="c-consent__manage">Manage choices</button>
  </div>
  <header class="c-site-header">
    <a class="c-site-header__logo" href="https://{o['domain']}/">The Circuit Ledger</a>
    <nav class="c-nav c-nav--primary" aria-label="Sections">
      <ul class="c-nav__list">
{nav_links(o['domain'], secs, '        ')}
      </ul>
    </nav>
    <form class="c-search" action="https://{o['domain']}/search/"><input type="search" name="q" placeholder="Search"></form>
    <a class="c-site-header__subscribe" href="https://{o['domain']}/subscribe/">Subscribe</a>
  </header>
  <div class="ad-slot ad-slot--leaderboard" data-ad-unit="cl_top_728x90">AD</div>
  <main id="content" class="c-main">
    <article class="c-article" itemscope itemtype="https://schema.org/NewsArticle">
      <header class="c-article__header">
        <a class="c-article__kicker" href="https://{o['domain']}/{a.section.lower()}/">{e(a.section)}</a>
        <h1 class="c-article__headline" itemprop="headline">{e(a.title)}</h1>
        <p class="c-article__dek">{e(a.description)}</p>
        <div class="c-byline">
          <span class="c-byline__author">By <a rel="author" href="https://{o['domain']}/authors/{a.author.lower().replace(' ', '-')}/">{e(a.author)}</a></span>
          <time class="c-byline__date" datetime="{a.iso()}" itemprop="datePublished">{lt.strftime('%B %-d, %Y, %-I:%M %p')} PT</time>
        </div>
        <div class="c-share" aria-label="Share this story">
          <a class="c-share__link" href="https://share.example/x?u={ea(a.canonical)}">Share on X</a>
          <a class="c-share__link" href="https://share.example/fb?u={ea(a.canonical)}">Facebook</a>
          <a class="c-share__link" href="https://share.example/li?u={ea(a.canonical)}">LinkedIn</a>
          <button class="c-share__copy">Copy link</button>
        </div>
      </header>
      <figure class="c-article__lead-image">
        <img src="https://img.circuitledger.example/{a.published.strftime('%Y/%m')}/{a.slug}.jpg" alt="{ea(fig_cap)}" width="1200" height="675">
        <figcaption>{e(fig_cap)} <span class="c-credit">Photo: {e(fig_credit)}</span></figcaption>
      </figure>
      <div class="c-article__body" itemprop="articleBody">
{body_html(a, between=lambda n: '      <div class="ad-slot ad-slot--inline" data-ad-unit="cl_mid">AD</div>' if n == 3 else None)}
      </div>
      <footer class="c-article__footer">
        <div class="c-tags">
{tags}
        </div>
        <div class="c-comments-teaser"><a href="https://{o['domain']}/{a.slug}/#comments">Join the conversation: {7 + len(a.slug) % 90} comments</a></div>
      </footer>
    </article>
    <aside class="c-sidebar">
      <section class="c-related" aria-labelledby="related-h">
        <h2 id="related-h" class="c-related__title">Related</h2>
        <ul class="c-related__list">
{rel_items}
        </ul>
      </section>
      <aside class="advert advert--mpu" data-ad-unit="cl_side_300x250">Advertisement</aside>
      <section class="c-newsletter">
        <h2>Get The Circuit Ledger's daily briefing</h2>
        <p>The day's most important tech news, in your inbox every weekday morning.</p>
        <form action="https://{o['domain']}/newsletter/"><input type="email" name="email" placeholder="you@example.com"><button>Sign up</button></form>
      </section>
    </aside>
  </main>
  <footer class="c-site-footer">
    <nav class="c-site-footer__nav" aria-label="Footer">
      <ul>
{nav_links(o['domain'], ["About us", "Ethics statement", "Contact", "Careers", "Advertise", "Licensing", "Terms of use", "Privacy policy", "Cookie settings", "Accessibility", "RSS feeds", "Sitemap"], '        ')}
      </ul>
    </nav>
    <p class="c-site-footer__copy">&copy; 2026 Circuit Ledger Media. All rights reserved.</p>
  </footer>
  <script src="https://cdn.{o['domain']}/js/app.91be2.js" defer></script>
</body>
</html>
"""


def render_fairhaven(a):
    o, lt = a.o, a.local()
    fig_cap, fig_credit = a.figure
    rel = related(a, 3)
    part = partners(a, 3)
    secs = ["Markets", "Companies", "Technology", "Economy", "Energy", "Autos", "Finance",
            "Opinion", "Personal Finance", "Real Estate", "Data", "Events", "Lex Fairhaven"]
    page = {"@type": "WebPage", "@id": a.canonical, "url": a.canonical, "name": a.title,
            "isPartOf": {"@id": "https://%s/#website" % o["domain"]}}
    site = {"@type": "WebSite", "@id": "https://%s/#website" % o["domain"],
            "name": o["name"], "url": "https://%s/" % o["domain"]}
    org = {"@type": "NewsMediaOrganization", "@id": "https://%s/#org" % o["domain"],
           "name": o["name"]}
    art = newsarticle(a, with_context=False)
    art["@id"] = a.canonical + "#article"
    art["isPartOf"] = {"@id": a.canonical}
    graph = {"@context": "https://schema.org", "@graph": [org, site, page, art]}
    rel_items = "\n".join('        <li><a href="%s">%s</a></li>' % (href(a, r), e(r.title))
                          for r in rel)
    part_items = "\n".join(
        '        <li class="outbrain-item"><a href="%s"><span class="ob-source">%s</span> %s</a></li>'
        % (href(a, r), e(r.o["name"]), e(r.title)) for r in part)
    syndication = ""
    if a.wire_copy:
        syndication = ('      <p class="syndication-note">This story was provided by Wirewire '
                       'and has not been edited by Fairhaven Business Daily staff.</p>\n')
    byline_author = e(a.author) if not a.wire_copy else e(a.author) + ", Wirewire"
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(a.title)} | Fairhaven Business Daily</title>
<meta name="description" content="{ea(a.description)}" />
<meta name="news_keywords" content="{ea(', '.join(a.keywords))}" />
<link rel="canonical" href="{a.canonical}" />
{og_meta(a, '')}
<script type="application/ld+json">
{jsonld(graph)}
</script>
<script type="text/javascript">
var fhd_page = {{section: "{a.section.lower()}", paywall: "metered", articleId: "{hashlib.sha1(a.slug.encode()).hexdigest()[:12]}"}};
if (document.cookie.indexOf('fhd_sub=1') < 0) {{ fhd_page.meter = (fhd_page.meter || 0) + 1; }}
</script>
{analytics(a, "FHD88231")}
</head>
<body id="article-page" class="section-{a.section.lower()}">
<div id="gdpr-banner" class="cookie-banner">
  <span>This site uses cookies. By continuing to browse you agree to our use of cookies.</span>
  <a href="https://{o['domain']}/cookies">Find out more</a> <a href="#" class="close-banner">OK</a>
</div>
<div id="top-ad" class="ad-slot">AD</div>
<div id="masthead">
  <div class="masthead-date">{lt.strftime('%A, %B %-d, %Y')}</div>
  <a id="logo" href="https://{o['domain']}/"><img src="https://{o['domain']}/img/fhd-logo.svg" alt="Fairhaven Business Daily" /></a>
  <div class="masthead-links"><a href="https://{o['domain']}/subscribe">Subscribe</a> | <a href="https://{o['domain']}/login">Sign in</a></div>
</div>
<div id="main-nav">
  <nav>
    <ul class="menu">
{nav_links(o['domain'], secs, '      ')}
    </ul>
  </nav>
</div>
<div id="container">
  <div id="main-column">
    <div class="breadcrumb"><a href="https://{o['domain']}/">Home</a> &gt; <a href="https://{o['domain']}/business">Business</a> &gt; <a href="https://{o['domain']}/business/{a.section.lower()}">{e(a.section)}</a></div>
    <div class="article-header">
      <h1 class="headline">{e(a.title)}</h1>
      <h2 class="standfirst">{e(a.description)}</h2>
      <p class="byline">By <span class="author-name">{byline_author}</span> | <span class="dateline"><time datetime="{a.iso()}">{lt.strftime('%B %-d, %Y %-I:%M %p')} ET</time></span> | Updated <time class="updated" datetime="{a.iso(a.modified)}">{a.local(a.modified).strftime('%-I:%M %p')} ET</time></p>
      <ul class="share-tools">
        <li><a class="share-email" href="mailto:?subject={ea(a.title)}">Email</a></li>
        <li><a class="share-twitter" href="https://share.example/x?u={ea(a.canonical)}">Post</a></li>
        <li><a class="share-linkedin" href="https://share.example/li?u={ea(a.canonical)}">LinkedIn</a></li>
        <li><a class="share-print" href="javascript:window.print()">Print</a></li>
        <li><a class="gift-article" href="https://{o['domain']}/gift?a={a.slug}">Gift this article</a></li>
      </ul>
    </div>
    <div class="story-image">
      <img src="https://img.fairhavendaily.example/{a.published.strftime('%Y/%m')}/{a.slug}.jpg" alt="" />
      <p class="caption">{e(fig_cap)}</p>
      <p class="credit">{e(fig_credit)}</p>
    </div>
    <div class="story-body">
{syndication}{body_html(a, between=lambda n: '      <div class="ad-slot inline-ad">AD</div>' if n in (2, 6) else None)}
    </div>
    <div class="story-tools">
      <p class="corrections">Spotted an error? <a href="https://{o['domain']}/corrections">Contact our corrections desk</a>.</p>
      <div class="comments-teaser"><a href="https://{o['domain']}/comments/{a.slug}">Read {3 + len(a.title) % 60} comments</a></div>
    </div>
    <div class="more-on-this">
      <h3>More from Fairhaven Business Daily</h3>
      <ul>
{rel_items}
      </ul>
    </div>
    <div class="sponsored-links">
      <h3>Around the web</h3>
      <ul>
{part_items}
      </ul>
    </div>
  </div>
  <div id="right-rail">
    <aside class="advert">Advertisement</aside>
    <div class="newsletter-signup">
      <h4>The Morning Ledger</h4>
      <p>Markets, deals and the day ahead, before the opening bell.</p>
      <form action="https://{o['domain']}/newsletters/signup" method="post"><input type="text" name="email" /><input type="submit" value="Sign up" /></form>
    </div>
    <div class="most-read">
      <h4>Most read</h4>
      <ol>
{chr(10).join('        <li><a href="%s">%s</a></li>' % (href(a, r), e(r.title)) for r in related(a, 6)[3:])}
      </ol>
    </div>
    <aside class="advert">Advertisement</aside>
  </div>
</div>
<div id="footer">
  <ul class="footer-links">
{nav_links(o['domain'], ["About", "Contact us", "Help", "Advertise with us", "Syndication", "Careers", "Terms & conditions", "Privacy", "Cookies", "Accessibility", "Site map", "Archive", "Fairhaven Live events"], '    ')}
  </ul>
  <p>Copyright &copy; 2026 Fairhaven Media Group Inc. All rights reserved.</p>
</div>
</body>
</html>
"""


def render_wirewire(a):
    o, lt = a.o, a.local()
    fig_cap, fig_credit = a.figure
    rel = related(a, 4)
    secs = ["World", "Business", "Markets", "Technology", "Sustainability", "Legal",
            "Breakingviews", "Science", "Sports", "Pictures", "Video", "Graphics"]
    paras = a.blocks
    rel_items = "\n".join(
        '          <li data-testid="RelatedItem"><a data-testid="Link" href="%s">%s</a>'
        '<time datetime="%s">%s</time></li>' % (href(a, r), e(r.title), r.iso(),
                                                 r.local().strftime("%B %-d, %Y"))
        for r in rel)
    out = []
    for kind, text in paras:
        if kind == "p":
            out.append('        <p data-testid="paragraph-%d" class="text__paragraph">%s</p>'
                       % (len(out), e(text)))
        else:
            out.append('        <%s data-testid="Heading" class="text__heading">%s</%s>'
                       % (kind, e(text), kind))
    body = "\n".join(out)
    ld = newsarticle(a)
    ld["isAccessibleForFree"] = True
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(a.title)} | Wirewire</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="description" content="{ea(a.description)}">
<meta name="author" content="{ea(a.author)}">
<meta name="article:published_time" content="{a.iso()}">
<link rel="canonical" href="{a.canonical}">
{og_meta(a, '')}
<script type="application/ld+json">{jsonld(ld)}</script>
<script>window.__WW_STATE__={{"page":"article","id":"{a.canonical.rsplit('-id', 1)[1]}","ads":{{"enabled":true}}}};</script>
{analytics(a, "WW0042Z")}
</head>
<body>
<div id="fusion-app">
  <div class="consent-banner" data-testid="ConsentBanner">
    <p>Wirewire and its partners use cookies for analytics and advertising.</p>
    <button data-testid="AcceptCookies">I accept</button><button data-testid="RejectCookies">Reject optional</button>
  </div>
  <header class="site-header__container" data-testid="SiteHeader">
    <a href="https://{o['domain']}/" class="site-logo" aria-label="Wirewire home">WIREWIRE</a>
    <nav class="site-nav" data-testid="MainNav">
      <ul>
{nav_links(o['domain'], secs, '        ')}
      </ul>
    </nav>
    <a class="register-link" href="https://{o['domain']}/account/register">Register</a>
  </header>
  <div class="ad-slot" data-testid="AdSlot-top">AD</div>
  <main id="main-content" class="article-page">
    <article class="article__container" data-testid="Article">
      <div class="article-header__heading">
        <span class="article-header__section"><a href="https://{o['domain']}/{a.section.lower()}/">{e(a.section)}</a></span>
        <h1 data-testid="Heading" class="text__heading_1">{e(a.title)}</h1>
        <div class="article-header__info">
          <div class="info-content__author-date">
            <address class="author-name" data-testid="AuthorByline">By <a href="https://{o['domain']}/authors/{a.author.split(' and ')[0].lower().replace(' ', '-')}/" rel="author">{e(a.author)}</a></address>
            <time datetime="{a.iso()}" class="date-line__date">{lt.strftime('%B %-d, %Y %-I:%M %p')} GMT</time>
            <span class="date-line__updated">Updated {int((a.modified - a.published).total_seconds() // 60)} min ago</span>
          </div>
          <div class="article-header__share" data-testid="ShareBar">
            <button aria-label="Share on X">X</button><button aria-label="Share on LinkedIn">in</button><button aria-label="Share by email">@</button>
          </div>
        </div>
      </div>
      <figure class="primary-image" data-testid="PrimaryImage">
        <img src="https://img.wirewire.example/{a.published.strftime('%Y/%m')}/{a.slug}.jpg" alt="{ea(fig_cap)}">
        <figcaption><span class="caption__text">{e(fig_cap)}</span> <span class="caption__credit">{e(fig_credit)}/Wirewire/File Photo <a href="https://{o['domain']}/pictures/licensing">Purchase Licensing Rights</a></span></figcaption>
      </figure>
      <div class="article-body__content" data-testid="ArticleBody">
{body}
        <p class="sign-off" data-testid="SignOff">Reporting by {e(a.author)}; Editing by {e(['Mark Oduya', 'Helen Varga', 'Tomasz Lind'][len(a.slug) % 3])}</p>
        <p class="trust-principles"><a href="https://{o['domain']}/trust-principles/">Our Standards: The Wirewire Trust Principles.</a></p>
      </div>
    </article>
    <aside class="advert" data-testid="AdSlot-mid">Advertisement &middot; Scroll to continue</aside>
    <section class="read-next" data-testid="ReadNext">
      <h2>Read Next</h2>
      <ul>
{rel_items}
      </ul>
    </section>
    <section class="newsletter-promo" data-testid="NewsletterPromo">
      <h2>Get the Wirewire Tech Briefing newsletter</h2>
      <p>Our reporters' best stories on technology, sent every weekday.</p>
      <a href="https://{o['domain']}/newsletters/tech-briefing">Sign up here.</a>
    </section>
  </main>
  <footer class="site-footer" data-testid="Footer">
    <nav aria-label="Footer navigation">
      <ul>
{nav_links(o['domain'], ["About Wirewire", "Careers", "Wirewire News Agency", "Brand attribution guidelines", "Advertise with us", "Coverage map", "Feedback", "Terms of use", "Privacy", "Cookies", "Accessibility", "Corrections", "Site index"], '        ')}
      </ul>
    </nav>
    <p>All quotes delayed a minimum of 15 minutes. &copy; 2026 Wirewire. All rights reserved.</p>
  </footer>
</div>
</body>
</html>
"""


def render_thumbscroll(a):
    o, lt = a.o, a.local()
    fig_cap, fig_credit = a.figure
    rel = related(a, 3)
    secs = ["News", "Phones", "Laptops", "Wearables", "Audio", "Smart Home", "Cameras",
            "Gaming", "EVs", "Apps", "How-to", "Best picks", "Deals"]
    rel_items = "\n".join(
        '      <div class="jp-relatedposts-post"><a class="jp-relatedposts-post-a" href="%s">'
        '<h4 class="jp-relatedposts-post-title">%s</h4></a><p class="jp-relatedposts-post-date">%s</p></div>'
        % (href(a, r), e(r.title), r.local().strftime("%-d %B %Y")) for r in rel)
    cats = ", ".join('<a href="https://%s/tag/%s/" rel="tag">%s</a>'
                     % (o["domain"], k.lower().replace(" ", "-"), e(k)) for k in a.keywords)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(a.title)} | Thumbscroll</title>
<link rel="canonical" href="{a.canonical}">
<meta name="description" content="{ea(a.description)}">
<meta name="robots" content="index, follow, max-image-preview:large">
{og_meta(a, '')}
<meta name="generator" content="WordPress 6.6.2">
<link rel="stylesheet" id="ts-theme-css" href="https://{o['domain']}/wp-content/themes/thumbscroll/style.css?ver=4.2" media="all">
<script type="application/ld+json" class="yoast-schema-graph">{jsonld(newsarticle(a))}</script>
<script id="ts-ads-js-extra">var tsAds = {{"lazy":"1","slots":["sidebar","incontent"],"refresh":30}};</script>
{analytics(a, "TS55190")}
</head>
<body class="post-template-default single single-post single-format-standard">
<div id="page" class="site">
  <div class="cmplz-cookiebanner" role="dialog">
    <div class="cmplz-message">We use cookies to keep Thumbscroll free. Some are essential, others help us understand how you use the site.</div>
    <button class="cmplz-btn cmplz-accept">Accept</button> <button class="cmplz-btn cmplz-view-preferences">Preferences</button>
  </div>
  <header id="masthead" class="site-header">
    <p class="site-title"><a href="https://{o['domain']}/" rel="home">Thumbscroll</a></p>
    <p class="site-description">Gadgets, honestly reviewed</p>
    <nav id="site-navigation" class="main-navigation">
      <button class="menu-toggle" aria-controls="primary-menu">Menu</button>
      <ul id="primary-menu" class="menu">
{nav_links(o['domain'], secs, '        ')}
      </ul>
    </nav>
  </header>
  <div id="content" class="site-content">
    <div id="primary" class="content-area">
      <main id="main" class="site-main">
        <article id="post-{int(hashlib.md5(a.slug.encode()).hexdigest()[:4], 16)}" class="post type-post status-publish format-standard has-post-thumbnail hentry">
          <header class="entry-header">
            <div class="cat-links"><a href="https://{o['domain']}/category/news/" rel="category tag">News</a></div>
            <h1 class="entry-title">{e(a.title)}</h1>
            <div class="entry-meta">
              <span class="byline">by <span class="author vcard"><a class="url fn n" href="https://{o['domain']}/author/{a.author.split()[0].lower()}/">{e(a.author)}</a></span></span>
              <span class="posted-on"><time class="entry-date published" datetime="{a.iso()}">{lt.strftime('%-d %B %Y, %H:%M')}</time><time class="updated" datetime="{a.iso(a.modified)}">{a.local(a.modified).strftime('%-d %B %Y')}</time></span>
            </div>
          </header>
          <div class="post-thumbnail">
            <figure class="wp-block-image">
              <img src="https://img.thumbscroll.example/{a.published.strftime('%Y/%m')}/{a.slug}-1024x576.jpg" class="attachment-post-thumbnail" alt="">
              <figcaption class="wp-element-caption">{e(fig_cap)} (Image credit: {e(fig_credit)})</figcaption>
            </figure>
          </div>
          <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>
            <ul><li><a class="share-twitter" href="https://share.example/x?u={ea(a.canonical)}">X</a></li><li><a class="share-reddit" href="https://share.example/r?u={ea(a.canonical)}">Reddit</a></li><li><a class="share-facebook" href="https://share.example/fb?u={ea(a.canonical)}">Facebook</a></li></ul>
          </div>
          <div class="entry-content">
            <p class="affiliate-disclosure"><em>Thumbscroll is reader-supported. When you buy through links on our site, we may earn an affiliate commission.</em></p>
{body_html(a, '            ', fancy=True, between=lambda n: '            <div class="ad-slot ts-incontent">AD</div>' if n == 4 else None)}
          </div>
          <footer class="entry-footer">
            <span class="tags-links">Tagged {cats}</span>
          </footer>
        </article>
        <div id="jp-relatedposts" class="jp-relatedposts">
          <h3 class="jp-relatedposts-headline"><em>Related</em></h3>
{rel_items}
        </div>
        <div id="comments" class="comments-area">
          <h2 class="comments-title">{2 + len(a.slug) % 30} thoughts on &ldquo;{e(a.title)}&rdquo;</h2>
          <p><a href="https://{o['domain']}/news/{a.slug}#respond">Leave a reply</a></p>
        </div>
      </main>
    </div>
    <aside id="secondary" class="widget-area">
      <section class="widget widget_search"><form role="search" action="https://{o['domain']}/"><input type="search" name="s"></form></section>
      <aside class="advert widget">Advertisement</aside>
      <section class="widget widget_newsletter">
        <h2 class="widget-title">The Thumbscroll Weekly</h2>
        <p>One email every Friday: the week's gadget news and the deals worth your money.</p>
        <form action="https://{o['domain']}/subscribe"><input type="email" name="email"><button type="submit">Subscribe</button></form>
      </section>
      <section class="widget widget_recent_entries">
        <h2 class="widget-title">Recent posts</h2>
        <ul>
{chr(10).join('          <li><a href="%s">%s</a></li>' % (href(a, r), e(r.title)) for r in sorted([x for x in ARTICLES if x.outlet == a.outlet and x is not a], key=lambda x: x.published, reverse=True)[:5])}
        </ul>
      </section>
    </aside>
  </div>
  <footer id="colophon" class="site-footer">
    <div class="footer-widgets">
      <ul>
{nav_links(o['domain'], ["About Thumbscroll", "How we test", "Affiliate policy", "Write for us", "Contact", "Advertise", "Privacy policy", "Cookie policy", "Terms", "Newsletter", "Podcast", "Jobs"], '        ')}
      </ul>
    </div>
    <div class="site-info">&copy; 2026 Thumbscroll Ltd. Proudly powered by WordPress.</div>
  </footer>
</div>
<script src="https://{o['domain']}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</body>
</html>
"""


def render_briefstack(a):
    """An aggregator that rewrites stories as 'Rapid Read' digests (like the shared seed text)."""
    o, lt = a.o, a.local()
    fig_cap, fig_credit = a.figure
    rel = related(a, 4)
    secs = ["Top Stories", "Tech", "Business", "Science", "Entertainment", "Sports",
            "Health", "World", "Lifestyle", "Autos", "Games", "For You"]
    minutes = a.minutes or max(2, round(a.words() / 60))
    out = []
    nsec = 0
    for kind, text in a.blocks:
        if kind == "h2":
            if nsec:
                out.append('        <div class="ad-slot bs-ad" data-slot="incontent-%d">AD</div>' % nsec)
            nsec += 1
            out.append('        <h2 class="bs-section-title">%s</h2>' % e(text))
        elif kind == "h3":
            out.append('        <h3 class="bs-subtitle">%s</h3>' % e(text))
        else:
            out.append('        <p class="bs-text">%s</p>' % e(text))
    body = "\n".join(out)
    cards = "\n".join(
        '        <a class="bs-card" href="%s"><div class="bs-card__img"><img src="https://img.briefstack.example/thumb/%s.jpg" alt=""></div>'
        '<div class="bs-card__title">%s</div><div class="bs-card__meta">%s &bull; %d min read</div></a>'
        % (href(a, r), r.slug, e(r.title), e(r.section), r.minutes or max(2, round(r.words() / 60)))
        for r in rel)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<title>{e(a.title)} | Briefstack</title>
<meta name="description" content="{ea(a.description)}">
<link rel="canonical" href="{a.canonical}">
{og_meta(a, '')}
<link rel="preload" as="font" href="https://static.briefstack.example/fonts/inter-var.woff2" crossorigin>
<script type="application/ld+json">{jsonld(newsarticle(a))}</script>
<script>!function(w,d){{w.bsq=w.bsq||[];w.bsq.push(["pageview",{{story:"{a.slug}",type:"rapid-read"}}]);}}(window,document);</script>
{analytics(a, "BS77310")}
</head>
<body class="bs-app bs-theme-light">
<div id="__bs">
  <div class="bs-cookie-notice" id="cookie-notice">We use cookies to personalise your feed. <a href="https://{o['domain']}/legal/cookies">Learn more</a> <button>Got it</button></div>
  <header class="bs-topbar">
    <a class="bs-logo" href="https://{o['domain']}/">briefstack</a>
    <nav class="bs-tabs">
      <ul>
{nav_links(o['domain'], secs, '        ')}
      </ul>
    </nav>
    <a class="bs-app-link" href="https://{o['domain']}/app">Get the app</a>
  </header>
  <main class="bs-main">
    <div class="ad-slot bs-ad" data-slot="top">AD</div>
    <article class="bs-story">
      <div class="bs-story__label"><span class="bs-rapid">Rapid Read</span> &bull; <span class="bs-readtime">{minutes} min read</span></div>
      <h1 class="bs-story__title">{e(a.title)}</h1>
      <div class="bs-story__meta"><span class="bs-author">{e(a.author)}</span> &middot; <time datetime="{a.iso()}">{lt.strftime('%-d %b %Y')}</time></div>
      <figure class="bs-story__hero">
        <img src="https://img.briefstack.example/{a.published.strftime('%Y/%m')}/{a.slug}.webp" alt="">
        <figcaption>{e(fig_cap)} <small>&copy; {e(fig_credit)}</small></figcaption>
      </figure>
      <div class="bs-share"><a href="https://share.example/wa?u={ea(a.canonical)}">WhatsApp</a> <a href="https://share.example/x?u={ea(a.canonical)}">X</a> <button class="bs-share__copy">Copy</button></div>
      <div class="bs-story__body">
        <div class="bs-whats-the-story">WHAT'S THE STORY?</div>
{body}
        <div class="bs-ai-label">AI Generated Content</div>
      </div>
    </article>
    <div class="ad-slot bs-ad" data-slot="bottom">AD</div>
    <section class="bs-more">
      <h2 class="bs-more__title">More Stories You Might Enjoy</h2>
      <div class="bs-cards">
{cards}
      </div>
    </section>
    <section class="bs-newsletter">
      <h3>Your daily brief, in 5 minutes</h3>
      <form action="https://{o['domain']}/subscribe"><input type="email" name="email" placeholder="Email address"><button>Subscribe</button></form>
    </section>
    <div class="bs-comments-teaser"><a href="https://{o['domain']}/story/{a.slug}/discuss">See what readers are saying</a></div>
  </main>
  <footer class="bs-footer">
    <ul>
{nav_links(o['domain'], ["About Briefstack", "How Rapid Reads are made", "Publishers", "Advertise", "Careers", "Help centre", "Terms", "Privacy", "Cookie settings", "Community guidelines", "Accessibility"], '      ')}
    </ul>
    <p>Briefstack summarises reporting from publishers across the web. &copy; 2026 Briefstack Inc.</p>
  </footer>
</div>
</body>
</html>
"""


RENDER = {"circuitledger": render_circuitledger, "fairhaven": render_fairhaven,
          "wirewire": render_wirewire, "thumbscroll": render_thumbscroll,
          "briefstack": render_briefstack}


# ---------------------------------------------------------------------------------------------
# Feeds, OPML, ground truth, README.

def x(s):
    """XML escaping for text and double-quoted attributes (apostrophes stay literal)."""
    return html.escape(s, quote=False).replace('"', "&quot;")


def item_html(a):
    """Full article body as HTML for content:encoded / Atom content."""
    return "\n".join("<%s>%s</%s>" % (k, e(t), k) for k, t in a.blocks)


def guid(a):
    return hashlib.sha1(a.canonical.encode()).hexdigest()[:16]


def by_outlet(outlet):
    return sorted([a for a in ARTICLES if a.outlet == outlet], key=lambda a: a.published,
                  reverse=True)


def rfc822(dt):
    return format_datetime(dt.astimezone(timezone.utc), usegmt=True)


def utc_iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_rss2_full(outlet):
    """RSS 2.0 with full text in content:encoded and authors in dc:creator."""
    arts = by_outlet(outlet)
    o = OUTLETS[outlet]
    items = []
    for a in arts:
        cats = "".join("\n      <category>%s</category>" % x(k) for k in a.keywords)
        items.append(f"""    <item>
      <title>{x(a.title)}</title>
      <link>../{a.path}</link>
      <guid isPermaLink="false">{o['domain']}-{guid(a)}</guid>
      <pubDate>{rfc822(a.published)}</pubDate>
      <dc:creator>{x(a.author)}</dc:creator>{cats}
      <description>{x(a.description)}</description>
      <content:encoded><![CDATA[{item_html(a)}]]></content:encoded>
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{x(o['name'])}</title>
    <link>https://{o['domain']}/</link>
    <description>Technology news and analysis from The Circuit Ledger</description>
    <language>en-us</language>
    <lastBuildDate>{rfc822(arts[0].modified)}</lastBuildDate>
    <generator>Ledger CMS 5.2</generator>
    <ttl>30</ttl>
{chr(10).join(items)}
  </channel>
</rss>
"""


def feed_rss2_summary(outlet):
    """RSS 2.0 with only a short description per item (the crawler must fetch the page)."""
    arts = by_outlet(outlet)
    o = OUTLETS[outlet]
    items = []
    for a in arts:
        items.append(f"""    <item>
      <title>{x(a.title)}</title>
      <link>../{a.path}</link>
      <comments>https://{o['domain']}/news/{a.slug}#comments</comments>
      <pubDate>{rfc822(a.published)}</pubDate>
      <category><![CDATA[{a.keywords[0]}]]></category>
      <guid isPermaLink="false">https://{o['domain']}/?p={int(hashlib.md5(a.slug.encode()).hexdigest()[:4], 16)}</guid>
      <description>{x(a.description)}</description>
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>{x(o['name'])} &#8211; Gadgets, honestly reviewed</title>
    <link>https://{o['domain']}/</link>
    <description>Phones, wearables, games and everything with a battery</description>
    <lastBuildDate>{rfc822(arts[0].modified)}</lastBuildDate>
    <language>en-GB</language>
    <sy:updatePeriod xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">hourly</sy:updatePeriod>
    <generator>https://wordpress.org/?v=6.6.2</generator>
{chr(10).join(items)}
  </channel>
</rss>
"""


def feed_atom(outlet, filename, with_content):
    arts = by_outlet(outlet)
    o = OUTLETS[outlet]
    host = o["domain"].replace("www.", "")
    entries = []
    for a in arts:
        content = ""
        if with_content:
            content = '\n    <content type="html">%s</content>' % x(item_html(a))
        entries.append(f"""  <entry>
    <id>tag:{host},2026:{outlet}/{guid(a)}</id>
    <title type="text">{x(a.title)}</title>
    <link rel="alternate" type="text/html" href="../{a.path}"/>
    <published>{a.iso()}</published>
    <updated>{a.iso(a.modified)}</updated>
    <author><name>{x(a.author)}</name></author>
    <category term="{x(a.section.lower())}" label="{x(a.section)}"/>
    <summary type="text">{x(a.description)}</summary>{content}
  </entry>""")
    subtitle = {"fairhaven": "Technology and business news from Fairhaven Business Daily",
                "briefstack": "Rapid Reads: the day's stories in a few minutes"}[outlet]
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>tag:{host},2026:feeds/{outlet}</id>
  <title>{x(o['name'])}</title>
  <subtitle>{x(subtitle)}</subtitle>
  <link rel="self" type="application/atom+xml" href="{filename}"/>
  <link rel="alternate" type="text/html" href="https://{o['domain']}/"/>
  <updated>{utc_iso(max(a.modified for a in arts))}</updated>
  <generator>Fairhaven Publishing Platform</generator>
{chr(10).join(entries)}
</feed>
"""


def feed_rdf(outlet):
    """RSS 1.0 (RDF) with Dublin Core dates and creators."""
    arts = by_outlet(outlet)
    o = OUTLETS[outlet]
    seq = "\n".join('        <rdf:li rdf:resource="%s"/>' % x(a.canonical) for a in arts)
    items = []
    for a in arts:
        items.append(f"""  <item rdf:about="{x(a.canonical)}">
    <title>{x(a.title)}</title>
    <link>../{a.path}</link>
    <description>{x(a.description)}</description>
    <dc:creator>{x(a.author)}</dc:creator>
    <dc:date>{utc_iso(a.published)}</dc:date>
    <dc:subject>{x(a.section)}</dc:subject>
  </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://{o['domain']}/rss/technology">
    <title>{x(o['name'])}: Technology</title>
    <link>https://{o['domain']}/technology/</link>
    <description>Technology news from the Wirewire agency</description>
    <dc:date>{utc_iso(arts[0].published)}</dc:date>
    <dc:language>en</dc:language>
    <items>
      <rdf:Seq>
{seq}
      </rdf:Seq>
    </items>
  </channel>
{chr(10).join(items)}
</rdf:RDF>
"""


FEEDS = [  # file, outlet, format, OPML category
    ("circuitledger.xml", "circuitledger", "RSS 2.0, full text (content:encoded)", "Tech"),
    ("thumbscroll.xml", "thumbscroll", "RSS 2.0, summaries only", "Tech"),
    ("briefstack.atom", "briefstack", "Atom 1.0, summaries only", "Tech"),
    ("fairhaven.atom", "fairhaven", "Atom 1.0, summary and full content", "Business"),
    ("wirewire.rdf", "wirewire", "RSS 1.0 (RDF), dc:date", "Business"),
]


def render_feed(filename, outlet):
    if outlet == "circuitledger":
        return feed_rss2_full(outlet)
    if outlet == "thumbscroll":
        return feed_rss2_summary(outlet)
    if outlet == "wirewire":
        return feed_rdf(outlet)
    return feed_atom(outlet, filename, with_content=(outlet == "fairhaven"))


def render_opml():
    groups = {}
    for f, outlet, fmt, cat in FEEDS:
        groups.setdefault(cat, []).append(
            '      <outline type="rss" text="%s" title="%s" xmlUrl="feeds/%s" htmlUrl="https://%s/" description="%s"/>'
            % (x(OUTLETS[outlet]["name"]), x(OUTLETS[outlet]["name"]), f,
               OUTLETS[outlet]["domain"], x(fmt)))
    body = "\n".join('    <outline text="%s" title="%s">\n%s\n    </outline>' %
                     (c, c, "\n".join(v)) for c, v in groups.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>byline sample feeds</title>
    <dateCreated>Thu, 26 Nov 2026 08:00:00 GMT</dateCreated>
    <ownerName>byline</ownerName>
  </head>
  <body>
{body}
  </body>
</opml>
"""


def render_tsv():
    rows = ["path\tcanonical_url\toutlet\tstory\tpublished"]
    for a in sorted(ARTICLES, key=lambda a: a.path):
        row = [a.path, a.canonical, a.outlet, a.story, utc_iso(a.published)]
        if a.wire_copy:
            row.append("wire-copy")
        rows.append("\t".join(row))
    return "\n".join(rows) + "\n"


def render_readme():
    stories = {}
    for a in sorted(ARTICLES, key=lambda a: a.published):
        stories.setdefault(a.story, []).append(a)
    lines = []
    for s, arts in stories.items():
        outs = ", ".join(a.outlet + (" (wire copy)" if a.wire_copy else "") for a in arts)
        lines.append("| `%s` | %s | %d | %s |" % (s, STORY_TOPICS.get(s, ""), len(arts), outs))
    outlet_rows = "\n".join("| `%s` | %s | %s | `%s` |" % (k, v["name"], v["kind"], v["domain"])
                            for k, v in OUTLETS.items())
    feed_rows = "\n".join("| `feeds/%s` | %s | %s | %s |" % (f, OUTLETS[o]["name"], fmt, c)
                          for f, o, fmt, c in FEEDS)
    facts = []
    for term in SEARCH_FACTS:
        hits = sorted(a.path for a in ARTICLES
                      if term.lower() in (a.title + " " + " ".join(t for _, t in a.blocks)).lower())
        facts.append("- `%s` (%d): %s" % (term, len(hits), ", ".join("`%s`" % h for h in hits)))
    demo = ARTICLES[0]
    rel = sorted(x.path for x in ARTICLES if x.story == demo.story and x is not demo)
    return README % dict(n=len(ARTICLES), nstories=len(stories), outlets=outlet_rows,
                         feeds=feed_rows, stories="\n".join(lines), facts="\n".join(facts),
                         demo=demo.path, demo_rel=", ".join("`%s`" % r for r in rel))


# Phrases whose true hits (title or body text, never boilerplate) the README lists for tests.
SEARCH_FACTS = ["Corvid X2", "Saltmarsh", "solid-state", "Lumen 3 Ultra", "Élodie Gauthier",
                "Nørgaard", "Malapert"]


README = """# byline sample corpus

A small, self-contained tech-news corpus that byline ships with: %(n)s article pages from five
outlets, the feeds that list them, an OPML subscription list and the ground truth of which pages
cover the same story (%(nstories)s stories).

**Everything here is original fiction written for byline** and is distributed under the same
licence as the rest of the project. The companies, products, people, quotes and outlets are
invented; the domains use the reserved `.example` top-level domain; the dates fall between
1 October and 25 November 2026. Nothing was copied from real publishers. Any resemblance to real
firms is accidental.

The files are generated by `scripts/make_samples.py` (content and templates live there). Edit the
script, not the HTML, then run `/usr/bin/python3 scripts/make_samples.py`: it rewrites `samples/`
deterministically and checks it (HTML well-formedness, feeds parse with feedparser and have the
right entry count, every relative link resolves, `stories.tsv` covers every page, body lengths).

## Layout

```
samples/
  articles/<outlet>/<slug>.html   article pages, one template per outlet
  feeds/                          one feed per outlet (formats below)
  feeds.opml                      OPML 2.0: the feeds in two categories, "Tech" and "Business"
  stories.tsv                     ground truth: path, canonical_url, outlet, story, published[, wire-copy]
```

### Outlets

Each outlet has its own markup vocabulary and structure, as real sites do: header and `<nav>` with
many links, cookie banner, ad slots (`<div class="ad-slot">AD</div>`, `<aside class="advert">`),
share bar, byline with `<time datetime>`, a figure with caption and credit, in-article `h2`/`h3`,
a related-stories box linking to other sample pages, newsletter sign-up, comments teaser and a
footer. In `<head>`: `<title>` ("Headline | Outlet"), an absolute `rel=canonical`, OpenGraph and
`article:published_time`, and a JSON-LD `NewsArticle` (inside an `@graph` on Fairhaven).

| key | name | kind | domain |
|-----|------|------|--------|
%(outlets)s

`briefstack` is an aggregator: its pages are "Rapid Read" digests with the label
"Rapid Read &bull; N min read", "WHAT'S THE STORY?", three `h2` sections ("What's Happening?",
"Why It's Important?", "What's Next?") with `AD` slots between them, an "AI Generated Content"
label and a "More Stories You Might Enjoy" box, the same shape as the shared seed text.

### Feeds

Item links are relative to the feed file (`../articles/<outlet>/<slug>.html`), so the corpus
works through `file://` URLs and from a loopback HTTP server rooted at `samples/`. GUIDs and
Atom ids are stable across regenerations; feed dates match the pages' `published` dates.

| file | outlet | format | OPML category |
|------|--------|--------|---------------|
%(feeds)s

## Stories

Most stories are covered by 2 to 4 outlets, each in its own words but with the same facts,
names and numbers. Four are singletons. Different stories share topics on purpose (two AI-model
stories, two Kestrel Mobile stories, two Halvorsen stories, two security stories, two battery
stories) so a ranker must tell "same story" from "same topic". One Wirewire story is republished
near-verbatim by Fairhaven Business Daily (marked `wire-copy` in `stories.tsv`): a syndicated
duplicate for near-duplicate detection.

| story | topic | pages | outlets |
|-------|-------|-------|---------|
%(stories)s

## Facts for tests

Pages whose headline or article text (not navigation, related boxes or other boilerplate)
contains a phrase, case-insensitively. Related boxes on other pages repeat some of these
headlines, so an index that keeps boilerplate finds more pages than listed here.

%(facts)s

Demo article: `%(demo)s`; the other pages of its story are %(demo_rel)s.
Same-topic distractors for it: the `halvorsen-q3` pages (same company, a different story) and
`greyling-wyoming` (a buyer of the same chip).

## How the demo and tests use it

- The main job crawls `samples/feeds.opml` (or the feeds one by one) through `file://` URLs into
  a fresh index, runs a search and prints "More stories you might enjoy" for one sample article:
  the other pages of the same story should come first.
- End-to-end tests may also serve `samples/` from a loopback HTTP server; the relative links
  resolve the same way.
- `stories.tsv` is the ground truth for evaluating `byline related` (same `story` = relevant;
  the `wire-copy` row is the near-duplicate of the Wirewire original).
"""


# ---------------------------------------------------------------------------------------------
# Checks.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Balance(HTMLParser):
    """Checks that every non-void element is closed in order and collects relative links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.links, self.h = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v:
                self.links.append(v)
        if tag in ("h2", "h3"):
            self.h += 1
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append("unexpected </%s> at %s (open: %s)" % (
                tag, self.getpos(), self.stack[-1] if self.stack else None))
            return
        self.stack.pop()


def is_relative(u):
    return not re.match(r"^([a-z][a-z0-9+.-]*:|#|//)", u, re.I)


def check():
    import subprocess
    import xml.etree.ElementTree as ET
    errors = []
    pages = []
    for outlet in OUTLETS:
        d = os.path.join(ROOT, "articles", outlet)
        pages += ["articles/%s/%s" % (outlet, f) for f in sorted(os.listdir(d))]
    if len(pages) != 40:
        errors.append("expected 40 pages, found %d" % len(pages))
    for p in pages:
        full = os.path.join(ROOT, p)
        with open(full, encoding="utf-8") as f:
            text = f.read()
        b = Balance()
        b.feed(text)
        b.close()
        errors += ["%s: %s" % (p, m) for m in b.errors]
        if b.stack:
            errors.append("%s: unclosed %s" % (p, b.stack))
        for u in b.links:
            if is_relative(u):
                target = os.path.normpath(os.path.join(os.path.dirname(full), u.split("#")[0]))
                if not os.path.isfile(target):
                    errors.append("%s: broken link %s" % (p, u))
        for m in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', text,
                            re.S):
            json.loads(m)
    try:  # libxml2's HTML parser, as the indexer may use: only real errors, not HTML5 tags.
        r = subprocess.run(["xmllint", "--html", "--noout"] + [os.path.join(ROOT, p)
                                                                for p in pages],
                           capture_output=True, text=True)
        for line in r.stderr.splitlines():
            if "parser error" in line and "invalid" not in line.split("parser error", 1)[1][:40] \
                    and "Tag " not in line:
                errors.append("xmllint: " + line)
    except FileNotFoundError:
        print("note: xmllint not found, skipped")
    # Ground truth.
    with open(os.path.join(ROOT, "stories.tsv"), encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f][1:]
    if sorted(r[0] for r in rows) != sorted(pages):
        errors.append("stories.tsv does not list exactly the pages")
    # Feeds.
    try:
        import feedparser
    except ImportError:
        feedparser = None
        print("note: feedparser not importable (use /usr/bin/python3); feed parsing skipped")
    covered = set()
    for f, outlet, _, _ in FEEDS:
        path = os.path.join(ROOT, "feeds", f)
        ET.parse(path)  # well-formed XML
        want = len([p for p in pages if p.startswith("articles/%s/" % outlet)])
        if feedparser:
            with open(path, "rb") as fh:
                d = feedparser.parse(fh.read())
            if d.bozo:
                errors.append("%s: bozo %s" % (f, d.bozo_exception))
            if len(d.entries) != want:
                errors.append("%s: %d entries, want %d" % (f, len(d.entries), want))
            for en in d.entries:
                if not en.get("published_parsed") and not en.get("updated_parsed"):
                    errors.append("%s: entry without date: %s" % (f, en.get("title")))
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
        for link in re.findall(r'(?:<link>|href=")(\.\./[^<"]+)', raw):
            target = os.path.normpath(os.path.join(ROOT, "feeds", link))
            if not os.path.isfile(target):
                errors.append("%s: broken link %s" % (f, link))
            covered.add(os.path.relpath(target, ROOT))
    if covered != set(pages):
        errors.append("feeds miss pages: %s" % sorted(set(pages) - covered))
    opml = ET.parse(os.path.join(ROOT, "feeds.opml"))
    for o in opml.iter("outline"):
        u = o.get("xmlUrl")
        if u and not os.path.isfile(os.path.join(ROOT, u)):
            errors.append("feeds.opml: missing %s" % u)
    # Content rules.
    lo, hi = parse_utc("2026-10-01 00:00"), parse_utc("2026-11-26 00:00")
    for a in ARTICLES:
        if not 250 <= a.words() <= 600:
            errors.append("%s: %d words" % (a.path, a.words()))
        if not (lo <= a.published < hi and a.modified < hi):
            errors.append("%s: date out of range" % a.path)
    return errors


def write(rel, text):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate():
    seen = set()
    for a in ARTICLES:
        assert a.path not in seen, a.path
        seen.add(a.path)
        write(a.path, RENDER[a.outlet](a))
    for f, outlet, _, _ in FEEDS:
        write("feeds/" + f, render_feed(f, outlet))
    write("feeds.opml", render_opml())
    write("stories.tsv", render_tsv())
    write("README.md", render_readme())


def main():
    if "--check" not in sys.argv:
        generate()
    errors = check()
    stories = {}
    for a in ARTICLES:
        stories.setdefault(a.story, []).append(a.outlet)
    words = [a.words() for a in ARTICLES]
    print("%d pages, %d stories, body words %d..%d" % (len(ARTICLES), len(stories), min(words),
                                                        max(words)))
    for m in errors:
        print("ERROR:", m)
    return 1 if errors else 0


# ---------------------------------------------------------------------------------------------
# Content. Every word below is original fiction written for byline.

STORY_TOPICS = {}

# --- halvorsen-corvid: Halvorsen Semiconductor unveils the Corvid X2 AI accelerator -----------
STORY_TOPICS["halvorsen-corvid"] = "chips: Halvorsen Semiconductor unveils the Corvid X2 AI accelerator"

A(outlet="circuitledger", story="halvorsen-corvid", slug="halvorsen-corvid-x2-ai-accelerator",
  published="2026-10-06 17:10", section="Chips",
  title="Halvorsen's Corvid X2 puts 192GB of HBM4 on one AI chip",
  description="The chipmaker's new accelerator promises 2.3 times the training speed of its predecessor and ships in the second quarter of 2027.",
  author="Nadia Sorensen", keywords=["Halvorsen Semiconductor", "Corvid X2", "AI chips", "HBM4"],
  figure=("Halvorsen chief executive Marguerite Oyelaran holds a Corvid X2 package on stage at Forge 2026 in San Jose.", "Eli Brandt for The Circuit Ledger"),
  body="""
Halvorsen Semiconductor wants to win the next round of the AI hardware race on memory rather than raw arithmetic. At its Forge developer conference in San Jose on Tuesday, the Austin-based chipmaker unveiled the Corvid X2, an accelerator that pairs 208 billion transistors with 192GB of HBM4 memory and 11.2 terabytes per second of memory bandwidth.

"The bottleneck is no longer compute, it is memory," chief executive Marguerite Oyelaran told a packed hall. "Every watt we spend moving data around is a watt we are not spending on the model."

## What's inside

The X2 is the first product built on Halvorsen's HN2 process, a 2-nanometer-class node that the company has been bringing up at its fab in Brennick, Oregon, since early this year. Halvorsen rates the chip at 4.1 petaflops of FP8 compute inside a 900-watt power envelope. Compared with last year's Corvid X1, the company claims 2.3 times faster training on large language models and 40 percent less energy per generated token when serving them.

Those numbers come from Halvorsen's own benchmarks, and the company did not say which models it used. Independent results will have to wait until hardware reaches customers.

## Who gets it first

Shipments begin in the second quarter of 2027. Halvorsen named two launch customers: the AI lab Aster Labs and Greyling Cloud, which plans to offer X2 instances in its US regions. Halvorsen did not give a price, but Priya Ramaswamy, an analyst at Kettering Partners, estimates that a single X2 will sell for about $38,000.

"Halvorsen is pitching this as a memory story because that is where its rivals are weakest," Ramaswamy said. "If the bandwidth numbers hold up under real workloads, cloud buyers will listen."

## Software is the other half

Hardware alone has never been Halvorsen's problem. Developers have long complained that porting models to Corvid chips takes weeks of work that rival platforms do not require. Oyelaran spent a third of her keynote on Forge SDK 5, which adds a compiler that takes models written for common open-source frameworks and, Halvorsen says, runs them on the X2 without changes in most cases. The company also said it would release the compiler's source code under an open licence in the first half of next year.

Aster Labs, which trained its current models on 24,000 Corvid X1 chips, said in a statement that it had tested early X2 samples in Halvorsen's labs and planned to use the chip for its next generation of models. Greyling Cloud declined to say how many chips it had ordered.

Investors seemed to agree. Halvorsen shares closed up 6.4 percent at $187.20 after the keynote. The company also said its software stack, Forge SDK 5, will add support for the X2 in December, months before the silicon ships.
""")

A(outlet="wirewire", story="halvorsen-corvid", slug="halvorsen-unveils-corvid-x2",
  published="2026-10-06 16:45", section="Technology",
  title="Halvorsen unveils Corvid X2 AI chip, names Aster Labs and Greyling Cloud as first buyers",
  description="Halvorsen Semiconductor said its Corvid X2 accelerator will ship in the second quarter of 2027, with Aster Labs and Greyling Cloud among its first customers.",
  author="Joel Achterberg", keywords=["Halvorsen Semiconductor", "semiconductors", "artificial intelligence"],
  figure=("A Halvorsen Semiconductor sign is seen at the company's campus in Austin, Texas.", "Dana Whitcombe"),
  body="""
SAN JOSE, Calif., Oct 6 (Wirewire) - Halvorsen Semiconductor on Tuesday unveiled its Corvid X2 artificial intelligence accelerator, betting that more on-chip memory will help it take share in a market for data-center chips that is growing faster than supply.

The Austin, Texas-based company said the chip carries 192 gigabytes of HBM4 high-bandwidth memory and 208 billion transistors, and will ship to customers in the second quarter of 2027. It is the first product made on Halvorsen's 2-nanometer-class HN2 manufacturing process at its plant in Brennick, Oregon.

Chief Executive Marguerite Oyelaran told the company's Forge developer conference that the X2 trains large AI models 2.3 times faster than the Corvid X1 it replaces and uses 40% less energy per token when running them.

"The bottleneck is no longer compute, it is memory," Oyelaran said.

Halvorsen named AI developer Aster Labs and cloud provider Greyling Cloud as the first customers. It did not disclose pricing or order volumes.

Analysts estimate the chip will sell for about $38,000 per unit. "If the bandwidth numbers hold up under real workloads, cloud buyers will listen," said Priya Ramaswamy of Kettering Partners.

Halvorsen shares rose 6.4% to close at $187.20 on the Nasdaq. The stock has gained about 48% this year as demand for AI hardware has outstripped supply across the industry.

The X2 draws up to 900 watts and delivers 4.1 petaflops of compute at the FP8 precision widely used for AI, the company said. Memory bandwidth is 11.2 terabytes per second.

Halvorsen reports third-quarter results on Oct 28. The company has said data-center products now account for more than half of its revenue.
""")

A(outlet="fairhaven", story="halvorsen-corvid", slug="halvorsen-bets-on-memory-with-corvid-x2",
  published="2026-10-06 19:30", section="Technology",
  title="Halvorsen bets on memory as Corvid X2 takes aim at AI chip leaders",
  description="The $38,000 accelerator, due in mid-2027, lifted Halvorsen shares 6.4 per cent and gives Aster Labs and Greyling Cloud an early supply line.",
  author="Catherine Mbeki", keywords=["Halvorsen Semiconductor", "chips", "data centres", "Aster Labs", "Greyling Cloud"],
  figure=("Halvorsen's fab in Brennick, Oregon, where the Corvid X2 will be manufactured.", "Fairhaven Business Daily"),
  body="""
Halvorsen Semiconductor has spent three years telling investors that the company which solves the memory problem will win the AI hardware market. On Tuesday it put a product behind the claim.

The Corvid X2, unveiled at the company's Forge conference in San Jose, carries 192GB of HBM4 memory on a single package, with bandwidth of 11.2 terabytes a second. Marguerite Oyelaran, chief executive, said the chip trains large language models 2.3 times faster than its predecessor, the Corvid X1, and cuts the energy needed for each generated token by 40 per cent.

## The economics

For the cloud groups that buy accelerators by the tens of thousands, power is now the binding constraint. A rack of X2 chips, each drawing up to 900 watts, will cost less to run per unit of work than the equivalent X1 rack, Halvorsen argues, even if the purchase price rises.

Halvorsen declined to give that price. Priya Ramaswamy of Kettering Partners put it at about $38,000 a unit, a premium of roughly a fifth over the X1. "Halvorsen is pitching this as a memory story because that is where its rivals are weakest," she said.

## Customers and capacity

The company named two launch customers: Aster Labs, the AI developer, and Greyling Cloud. Shipments start in the second quarter of 2027, and the chips will be made on Halvorsen's new HN2 process at its fab in Brennick, Oregon, which the company expanded with $9bn of investment last year.

The bigger question for investors is whether Halvorsen can make enough of them. Yields on new manufacturing nodes are typically low in their first year, and HBM4 memory is in short supply across the industry.

Halvorsen shares closed 6.4 per cent higher at $187.20, taking the company's market value to about $301bn. The group reports third-quarter earnings on October 28, when analysts will look for early orders for the new chip.
""")

A(outlet="briefstack", story="halvorsen-corvid", slug="halvorsen-corvid-x2-chip-unveiled",
  published="2026-10-07 06:00", section="Tech", author="Briefstack Newsroom", minutes=4,
  title="Halvorsen Semiconductor Unveils Corvid X2 Chip With 192GB of Memory",
  description="Halvorsen's new Corvid X2 AI accelerator ships in Q2 2027 with Aster Labs and Greyling Cloud as launch customers.",
  keywords=["Halvorsen Semiconductor", "Corvid X2", "AI chips"],
  figure=("The Corvid X2 accelerator on display at Forge 2026.", "Halvorsen Semiconductor"),
  body="""
## What's Happening?

Halvorsen Semiconductor has unveiled the Corvid X2, its newest accelerator for artificial intelligence workloads, at the company's Forge developer conference in San Jose. The chip combines 208 billion transistors with 192GB of HBM4 memory and 11.2 terabytes per second of bandwidth, and it is the first product built on the company's HN2 process at its fab in Brennick, Oregon. CEO Marguerite Oyelaran said the X2 trains large models 2.3 times faster than the Corvid X1 and uses 40% less energy per token. Aster Labs and Greyling Cloud are the first announced customers, with shipments due in the second quarter of 2027.

## Why It's Important?

Demand for AI accelerators continues to exceed supply, and Halvorsen is positioning memory capacity, rather than raw compute, as its main advantage. Oyelaran argued that "the bottleneck is no longer compute, it is memory," a view that could resonate with cloud providers facing power limits in their data centers. Analyst Priya Ramaswamy of Kettering Partners estimated a price of about $38,000 per chip. Investors reacted positively, sending Halvorsen shares up 6.4% to $187.20, a sign that the market sees the company as a credible challenger in a segment dominated by a few suppliers.

## What's Next?

Independent benchmarks will be needed to confirm Halvorsen's performance claims once the hardware reaches customers next year. The company's software toolkit, Forge SDK 5, is expected to support the X2 in December. Investors will also watch Halvorsen's third-quarter results on October 28 for signs of early orders and for updates on manufacturing yields and HBM4 memory supply, both of which could limit how many chips reach buyers in 2027.
""")

# --- kestrel-nine-fold: Kestrel Mobile launches the Kestrel Nine Fold -----------------------------
STORY_TOPICS["kestrel-nine-fold"] = "phones: Kestrel Mobile launches the Kestrel Nine Fold foldable"

A(outlet="thumbscroll", story="kestrel-nine-fold", slug="kestrel-nine-fold-price-specs-release-date",
  published="2026-10-14 13:00", section="Phones",
  title="Kestrel Nine Fold: price, specs and release date for Kestrel's thinnest foldable yet",
  description="The Kestrel Nine Fold is 8.9mm thick when closed, has a 4,900mAh battery and costs £1,449. Here is everything you need to know.",
  author="Ollie Prendergast", keywords=["Kestrel Mobile", "Kestrel Nine Fold", "foldable phones", "Talon K3"],
  figure=("The Kestrel Nine Fold in its Glacier colour, half open on a desk.", "Ollie Prendergast / Thumbscroll"),
  body="""
Kestrel Mobile has finally taken the wraps off the Kestrel Nine Fold, and on paper it is the foldable a lot of us have been waiting for: thinner, lighter and with a bigger battery than last year's model. I spent about forty minutes with it at Kestrel's launch event in London on Wednesday, and here is everything we know so far.

## Price and release date

The Nine Fold costs £1,449 in the UK, $1,599 in the US and €1,699 across most of Europe, for the 12GB/256GB version. Pre-orders open today, October 14, and the phone ships on October 30. Kestrel is throwing in a free case and a year of screen-repair cover for anyone who pre-orders before launch day. It comes in three colours: Slate, Glacier and Ember.

## Specs

The inner screen is an 8.1-inch OLED panel and the cover screen measures 6.4 inches, which is finally wide enough to type on without contorting your thumbs. Folded, the phone is 8.9mm thick and it weighs 219g, which makes it lighter than plenty of regular flagship phones I have tested this year.

Inside there is Kestrel's own Talon K3 chip, built on a 3nm process, plus a 4,900mAh silicon-carbon battery that charges at 80W over a cable. Kestrel says the hinge is rated for 500,000 folds, roughly a decade of heavy use, and the company is promising seven years of Android and security updates.

## Cameras

Kestrel has not skimped on cameras to hit that weight. There is a 50-megapixel main sensor, a 12-megapixel ultrawide and a 10-megapixel 3x telephoto, plus 10-megapixel selfie cameras on both screens. My sample shots in the dim venue looked clean, though I will reserve judgement until I can test the phone outdoors and against the best slab phones.

### Hands-on impressions

The hinge feels reassuringly stiff, the crease is hard to spot head-on, and the phone closes completely flat with no gap. The camera bump is chunky, though, and the device wobbles on a table.

"We wanted a foldable you forget is a foldable," Kestrel chief executive Lin Wei-Ting said on stage. Based on my short time with it, that is not far off. Our full review will follow once we have had a proper week with it.
""")

A(outlet="circuitledger", story="kestrel-nine-fold", slug="kestrel-nine-fold-launch",
  published="2026-10-14 13:05", section="Phones",
  title="Kestrel's Nine Fold is an 8.9mm foldable with a $1,599 price tag",
  description="Kestrel Mobile's third-generation foldable runs its in-house Talon K3 chip and promises seven years of updates.",
  author="Marcus Delacroix-Hale", keywords=["Kestrel Mobile", "foldables", "smartphones"],
  figure=("The Kestrel Nine Fold's 8.1-inch inner display.", "Kestrel Mobile"),
  body="""
Kestrel Mobile announced the Kestrel Nine Fold at an event in London today, its third foldable phone and the first to use its in-house Talon K3 processor. The phone costs $1,599 in the US, is available to pre-order now, and ships on October 30.

The headline number is thickness. Closed, the Nine Fold measures 8.9mm, down from 11.2mm on last year's Kestrel Eight Fold, and it weighs 219 grams. Kestrel says it reached that figure by moving to a silicon-carbon battery, which packs 4,900mAh into less space than the 4,400mAh cell in the previous model, and by redesigning the hinge around fewer, stronger parts. The company rates the hinge for 500,000 folds.

## Screens and silicon

Open, the Nine Fold has an 8.1-inch OLED display with a 120Hz refresh rate. The outside screen is 6.4 inches and uses a conventional phone aspect ratio, a change from the narrow cover displays that have made earlier foldables awkward to use closed.

The Talon K3 is built on a 3nm process, and Kestrel claims it is 28 percent faster in CPU tasks than the chip it bought from a supplier last year. Designing its own processor also lets Kestrel commit to seven years of Android and security updates, chief executive Lin Wei-Ting said, because the company no longer depends on a chip vendor's support window.

"We wanted a foldable you forget is a foldable," Lin said.

## The competition

Kestrel sold about 1.8 million foldables last year, according to the research firm Coldharbor Insights, good for third place in a market that is still small next to conventional smartphones. The Nine Fold's 80W wired charging and bigger battery target the most common complaint about foldables: that they do not last a full day.

The phone comes in Slate, Glacier and Ember finishes with 12GB of RAM and 256GB or 512GB of storage.
""")

A(outlet="briefstack", story="kestrel-nine-fold", slug="kestrel-nine-fold-foldable-launch",
  published="2026-10-14 18:20", section="Tech", author="Briefstack Newsroom", minutes=3,
  title="Kestrel Mobile Launches Nine Fold, Its Thinnest Foldable Phone",
  description="The Kestrel Nine Fold costs $1,599, measures 8.9mm closed and ships October 30.",
  keywords=["Kestrel Mobile", "Kestrel Nine Fold", "smartphones"],
  figure=("Kestrel Mobile's Nine Fold foldable phone.", "Kestrel Mobile"),
  body="""
## What's Happening?

Kestrel Mobile has launched the Kestrel Nine Fold, its third-generation foldable smartphone, at an event in London. The device measures 8.9mm when folded and weighs 219 grams. It has an 8.1-inch inner OLED display, a 6.4-inch cover screen and a 4,900mAh silicon-carbon battery with 80W wired charging. It is the first Kestrel phone powered by the company's own Talon K3 chip, built on a 3nm process. The Nine Fold costs $1,599, £1,449 or €1,699, with pre-orders opening October 14 and shipments beginning October 30.

## Why It's Important?

Foldable phones have struggled to move beyond early adopters because of their thickness, weight and battery life. By cutting the thickness from 11.2mm on the previous model and increasing battery capacity, Kestrel is addressing the main objections buyers raise. Its in-house chip also allows the company to promise seven years of software and security updates, which could make the high price easier to justify. CEO Lin Wei-Ting said the goal was "a foldable you forget is a foldable." Kestrel sold about 1.8 million foldables last year, according to Coldharbor Insights, placing it third in the segment.

## What's Next?

Reviews in the coming weeks will test whether the hinge, rated for 500,000 folds, and the new battery deliver on Kestrel's claims. The company will also need to show it can produce enough units for the holiday season. Competitors are expected to respond with their own thinner designs next year, and the success of the Talon K3 may determine whether Kestrel brings its own chips to its cheaper phones. Kestrel has not said when that could happen, but analysts expect an answer within a year.
""")

A(outlet="fairhaven", story="kestrel-nine-fold", slug="kestrel-mobile-in-house-chip-foldable",
  published="2026-10-15 10:00", section="Technology",
  title="Kestrel Mobile's own chip is the real story behind the Nine Fold",
  description="The Taipei-based phone maker is following larger rivals into in-house silicon as it seeks to lift margins on its $1,599 foldable.",
  author="Hugo Castellanos", keywords=["Kestrel Mobile", "smartphones", "semiconductors", "Talon K3"],
  figure=("Lin Wei-Ting, chief executive of Kestrel Mobile, at the Nine Fold launch in London.", "Ruth Abernathy / Fairhaven"),
  body="""
Kestrel Mobile's launch of the Nine Fold in London on Wednesday was sold to consumers as a story about thinness. For investors, the more important detail was inside the phone.

The Taipei-based company's third foldable is the first to run on the Talon K3, a processor Kestrel designed itself and has manufactured on a 3nm process. The move follows three years and, by the estimate of analysts at Coldharbor Insights, about $1.2bn of investment in a chip design team in Hsinchu and San Diego.

## Margins over megapixels

Lin Wei-Ting, chief executive, said designing its own chip allowed Kestrel to promise seven years of software updates. But the financial case matters as much. A flagship processor bought from a supplier can account for 15 to 20 per cent of a phone's bill of materials, and Kestrel expects to save "well over a hundred dollars" a device on the Nine Fold, Lin told Fairhaven Business Daily after the event.

"We wanted a foldable you forget is a foldable," Lin said. "But we also wanted a business that does not depend on someone else's roadmap."

The Nine Fold costs $1,599 in the US and £1,449 in the UK, and ships on October 30. It measures 8.9mm thick when closed, weighs 219g and carries a 4,900mAh battery.

## A small but profitable niche

Kestrel sold about 1.8mn foldables last year, according to Coldharbor, making it the third-largest seller in a segment that accounts for less than 2 per cent of global smartphone shipments but a far larger share of industry profit.

Analysts were cautious. Wen Lo-Hsuan at Meiling Securities said the risk of a first-generation chip was that any flaw would be "very public and very expensive". Kestrel shares rose 2.2 per cent in Taipei on Thursday.
""")

# --- aster-lumen-3: Aster Labs releases the open-weights Lumen 3 models --------------------------
STORY_TOPICS["aster-lumen-3"] = "AI models: Aster Labs releases open-weights Lumen 3, withholds Lumen 3 Ultra"

A(outlet="circuitledger", story="aster-lumen-3", slug="aster-labs-lumen-3-open-weights",
  published="2026-10-20 15:00", section="AI",
  title="Aster Labs releases Lumen 3 as open weights, but keeps its biggest model closed",
  description="The Toronto lab's new models come in 9B, 54B and 310B sizes; a larger Lumen 3 Ultra stays behind a safety review.",
  author="Nadia Sorensen", keywords=["Aster Labs", "Lumen 3", "open-weights models", "large language models"],
  figure=("Aster Labs co-founder Tomas Eriksen-Vale at the company's Toronto office.", "Priya Nand for The Circuit Ledger"),
  body="""
Aster Labs on Tuesday released Lumen 3, a family of open-weights language models that the Toronto-based lab says match closed commercial systems on most coding and reasoning tests. Anyone can download the weights of three sizes: a 9-billion-parameter model small enough for a laptop, a 54-billion-parameter model, and a 310-billion-parameter mixture-of-experts model that activates 38 billion parameters for each token.

What Aster did not release is just as notable. A fourth and larger model, Lumen 3 Ultra, will stay behind the company's own API while an external red team finishes a review of its ability to help with cyberattacks, chief scientist Amara Lindqvist said.

"Open weights remain the default for us," Lindqvist said in an interview. "Ultra is the first model where we could not yet convince ourselves that the default was safe, so we are taking a few more months."

## Training and benchmarks

The Lumen 3 models were trained on 21 trillion tokens of text and code using 24,000 of Halvorsen Semiconductor's Corvid X1 accelerators, and they support a context window of 256,000 tokens. On GradeBench, a reasoning benchmark popular with open-model developers, the 310B model scores 71.4 percent, against 63.9 percent for Lumen 2.

The licence, the Aster Open Licence 2.0, allows commercial use by any company with fewer than 50 million monthly users. Bigger companies need a separate agreement, a clause that has drawn criticism from open-source advocates since Lumen 2.

## A busy download page

Demand appears strong. Aster said the models were downloaded 1.2 million times in the first 48 hours on its model hub, more than double Lumen 2's launch.

Co-founder Tomas Eriksen-Vale said the lab had no plans to stop releasing open models. "The question is not whether to be open, it is how fast," he said. Aster expects to decide on Lumen 3 Ultra by the end of the first quarter of 2027.
""")

A(outlet="wirewire", story="aster-lumen-3", slug="aster-labs-releases-lumen-3",
  published="2026-10-20 14:30", section="Technology",
  title="AI lab Aster Labs releases Lumen 3 models, holds back largest version for safety review",
  description="Toronto-based Aster Labs released three open-weights Lumen 3 models and delayed its largest, Lumen 3 Ultra, pending an external review.",
  author="Grace Thibodeau", keywords=["Aster Labs", "artificial intelligence", "open source"],
  figure=("The Aster Labs logo is displayed at the company's headquarters in Toronto.", "Mark Kowalski"),
  body="""
TORONTO, Oct 20 (Wirewire) - Aster Labs, one of the best-funded developers of openly available artificial intelligence models, on Tuesday released its Lumen 3 family but said it would keep its most capable version private until an outside safety review is complete.

The Toronto-based company published the weights of three models with 9 billion, 54 billion and 310 billion parameters, which developers can download and run on their own hardware. A larger model, Lumen 3 Ultra, will only be offered through Aster's paid API for now.

"Ultra is the first model where we could not yet convince ourselves that the default was safe," Chief Scientist Amara Lindqvist said, citing concerns about the model's ability to assist with cyberattacks. The review is expected to conclude by the end of the first quarter of 2027.

The decision marks a shift for Aster, which has built its reputation on releasing all of its models openly. Rival labs have increasingly kept their most advanced systems closed, citing both safety and commercial reasons.

Aster said the Lumen 3 models were trained on 21 trillion tokens of data using 24,000 Corvid X1 chips from Halvorsen Semiconductor. The largest open model scored 71.4% on the GradeBench reasoning benchmark, up from 63.9% for its predecessor.

The models may be used commercially by companies with fewer than 50 million monthly users under the Aster Open Licence 2.0.

Aster said the models were downloaded 1.2 million times within 48 hours of release.

The company, founded in 2022 by Tomas Eriksen-Vale and Lindqvist, raised $2.4 billion in a funding round in June that valued it at $31 billion. It is among the first announced customers for Halvorsen's next-generation Corvid X2 chip.
""")

A(outlet="thumbscroll", story="aster-lumen-3", slug="lumen-3-run-on-your-laptop",
  published="2026-10-20 16:40", section="Apps",
  title="Aster's new Lumen 3 9B model runs on your laptop, and it is surprisingly good",
  description="Aster Labs' smallest Lumen 3 model fits on a laptop with 16GB of memory. We tried it.",
  author="Bea Whitfield", keywords=["Aster Labs", "Lumen 3", "AI", "laptops"],
  figure=("Lumen 3 9B running locally on a 16GB laptop.", "Bea Whitfield / Thumbscroll"),
  body="""
Aster Labs released its Lumen 3 family of AI models today, and while the headlines will focus on the giant 310-billion-parameter version, the one most Thumbscroll readers can actually use is the smallest: Lumen 3 9B. It runs on a laptop with 16GB of memory, no cloud account needed, and in a couple of hours of testing it held up better than I expected.

## What Aster released

There are three downloadable models, with 9 billion, 54 billion and 310 billion parameters. All were trained on 21 trillion tokens and can read up to 256,000 tokens at once, which is roughly a long novel. The licence lets you use them commercially unless your app has 50 million monthly users, which I am going to guess does not apply to you.

A fourth model, Lumen 3 Ultra, is not downloadable. Aster's chief scientist, Amara Lindqvist, says an outside red team is still checking whether it could help with cyberattacks, and the company will decide on releasing it by the end of March 2027. Until then it is only available through Aster's paid API.

## How it runs

On a mid-range laptop the 9B model produced around 28 words a second after a short warm-up. It summarised a long PDF manual accurately, wrote a working spreadsheet formula on the first try, and only stumbled on a tricky logic puzzle that the bigger models got right.

The battery cost is real: an hour of steady use took my laptop from 100 to 61 percent. But everything stayed on the device, which matters if you are feeding it work documents.

## Should you bother?

If you have been curious about local AI, this is the easiest recommendation I have been able to make. Free desktop apps already support it, and Aster says the models were downloaded 1.2 million times in their first two days, so expect plenty of community tools to follow.
""")

A(outlet="briefstack", story="aster-lumen-3", slug="aster-labs-lumen-3-ultra-held-back",
  published="2026-10-21 07:15", section="Tech", author="Briefstack Newsroom", minutes=4,
  title="Aster Labs Releases Lumen 3 AI Models but Holds Back Lumen 3 Ultra",
  description="Aster Labs published three open-weights Lumen 3 models and delayed its largest model pending a safety review.",
  keywords=["Aster Labs", "Lumen 3", "AI safety"],
  figure=("Aster Labs offices in Toronto.", "Aster Labs"),
  body="""
## What's Happening?

Aster Labs, the Toronto-based artificial intelligence developer, has released Lumen 3, a new family of open-weights language models. Three versions, with 9 billion, 54 billion and 310 billion parameters, are available to download and run on developers' own hardware. The models were trained on 21 trillion tokens using 24,000 Corvid X1 chips from Halvorsen Semiconductor and support a context window of 256,000 tokens. However, Aster is keeping its largest model, Lumen 3 Ultra, available only through its paid API while an external red team reviews its potential to assist with cyberattacks. Chief scientist Amara Lindqvist said Ultra was the first model where the lab "could not yet convince ourselves that the default was safe."

## Why It's Important?

Aster has been one of the leading advocates of openly releasing AI model weights, and its decision to hold back its most capable system reflects a broader debate in the industry about how to balance openness with safety. Open models allow researchers and companies to build on advanced AI without depending on a single provider, and the 1.2 million downloads recorded in the first 48 hours show strong demand. The largest open model scored 71.4% on the GradeBench reasoning benchmark, up from 63.9% for Lumen 2. The licence permits commercial use for companies with fewer than 50 million monthly users.

## What's Next?

Aster expects to decide whether to release Lumen 3 Ultra openly by the end of the first quarter of 2027. Co-founder Tomas Eriksen-Vale said the lab's question is "not whether to be open, it is how fast." Other AI labs and policymakers are likely to watch the outcome closely, as it may influence how future frontier models are released.
""")

# --- tollbridge-breach: Tollbridge Payments discloses a breach of 9.4 million records ------------
STORY_TOPICS["tollbridge-breach"] = "security: Tollbridge Payments breach exposes 9.4 million customer records"

A(outlet="wirewire", story="tollbridge-breach", slug="tollbridge-payments-data-breach",
  published="2026-10-27 12:10", section="Technology",
  title="Tollbridge Payments says hackers accessed data of 9.4 million customers",
  description="Chicago-based Tollbridge Payments said attackers used stolen credentials for a third-party support tool to access customer records for two weeks.",
  author="Samir Haddad and Lucy Brennan", keywords=["Tollbridge Payments", "cybersecurity", "data breach", "fintech"],
  figure=("The Tollbridge Payments logo on a payment terminal in Chicago.", "Anton Reyes"),
  body="""
CHICAGO, Oct 27 (Wirewire) - Tollbridge Payments said on Tuesday that hackers accessed personal information belonging to about 9.4 million customers after breaking into a third-party customer support tool, the latest in a string of attacks on payment companies.

The Chicago-based company, which processes about $84 billion in payments a year for 310,000 merchants, said the intruders were inside its systems from Oct 9 to Oct 23 and were detected on Oct 24.

The stolen data included names, email addresses, phone numbers, partial postal addresses and the last four digits of payment cards, Tollbridge said in a filing. It said full card numbers, bank account details and passwords were not affected.

"We know our customers trust us with their information, and we are sorry," Chief Information Security Officer Renata Olusanya said in a statement. The company said the attackers logged in with credentials stolen from an employee of a support software vendor, which it did not name.

An extortion group calling itself Saltmarsh claimed responsibility on its leak site and demanded $12 million, according to screenshots reviewed by Wirewire. Tollbridge declined to comment on the claim and said it would not pay.

The company has hired cybersecurity firm Larkspur Security to investigate and has notified law enforcement and regulators. It is offering affected customers 24 months of free credit monitoring.

The company said it had revoked the vendor's access, reset credentials for all third-party tools and added hardware security keys for support staff. It said it first learned of unusual activity when the vendor's own monitoring flagged a large data export on Oct 24.

Tollbridge said it began notifying affected customers by email on Tuesday and expected to finish within a week. It warned customers to be alert to phishing messages that use the stolen details and said it would never ask for a full card number or a one-time passcode.

Shares of Tollbridge fell 8.7% in afternoon trading in New York.

Security researchers said Saltmarsh has targeted at least six companies this year by going after their software suppliers rather than the companies themselves. "Attackers have worked out that the support desk is the soft underbelly," said Yusuf Adeyemi, a researcher at Larkspur who is not working on the Tollbridge investigation.
""")

A(outlet="circuitledger", story="tollbridge-breach", slug="tollbridge-breach-what-was-taken",
  published="2026-10-27 13:30", section="Security",
  title="Tollbridge breach: what was taken & what customers should do now",
  description="Names, phone numbers and the last four digits of cards for 9.4 million Tollbridge customers were exposed. Here is what that means for you.",
  author="Theo Vasquez", keywords=["Tollbridge Payments", "data breach", "Saltmarsh", "phishing"],
  figure=("Tollbridge Payments' card readers are used by 310,000 merchants.", "Theo Vasquez / The Circuit Ledger"),
  body="""
Tollbridge Payments confirmed on Tuesday that attackers made off with data on 9.4 million of its customers. If you have paid at a small shop, café or market stall in the US over the past few years, there is a reasonable chance a Tollbridge terminal handled the transaction and you are among them.

## What happened

According to Tollbridge, the attackers logged in to a third-party customer support tool using credentials stolen from one of the vendor's employees. They had access from October 9 to October 23, and Tollbridge spotted the intrusion on October 24. An extortion group called Saltmarsh has claimed responsibility and is demanding $12 million; Tollbridge says it will not pay.

## What was taken

The exposed records contain names, email addresses, phone numbers, partial postal addresses and the last four digits of payment cards. Tollbridge says full card numbers, bank details and passwords were not stored in the support tool and were not accessed.

That is better than the worst case, but it is exactly the data criminals need for convincing phishing. A message that knows your name, your phone number and the last four digits of your card can look very much like a real fraud alert.

## What you should do

First, treat any call, text or email about your Tollbridge payments with suspicion, especially one that asks you to confirm a card number or a one-time code. Tollbridge says it will never ask for either. Second, sign up for the 24 months of free credit monitoring Tollbridge is offering; the enrolment code arrives by email, so check the sender address carefully. Third, consider a credit freeze, which is free and stops anyone opening new accounts in your name.

"We know our customers trust us with their information, and we are sorry," said Renata Olusanya, Tollbridge's chief information security officer. The company has brought in Larkspur Security to investigate.
""")

A(outlet="fairhaven", story="tollbridge-breach", slug="tollbridge-shares-slide-after-breach",
  published="2026-10-27 15:45", section="Finance",
  title="Tollbridge shares slide 8.7% after breach exposes 9.4mn customers",
  description="The payments processor faces regulatory scrutiny and a $12mn extortion demand after a break-in through a support vendor.",
  author="Amelia Strand", keywords=["Tollbridge Payments", "cyber security", "payments", "fintech"],
  figure=("Tollbridge's headquarters on West Wacker Drive, Chicago.", "Fairhaven Business Daily"),
  body="""
Shares in Tollbridge Payments fell 8.7 per cent on Tuesday after the Chicago-based processor disclosed that hackers had accessed the personal data of 9.4mn customers, wiping about $1.6bn off its market value.

The company, which handles about $84bn of payments a year for 310,000 mostly small merchants, said intruders had used stolen credentials for a third-party customer support tool to reach its systems between October 9 and October 23. The breach was discovered on October 24.

## Costs and scrutiny

Names, email addresses, phone numbers, partial addresses and the last four digits of cards were taken, but not full card numbers or passwords, the company said. An extortion group called Saltmarsh has demanded $12mn; Tollbridge said it would not pay.

Analysts said the direct costs were likely to be manageable but the commercial damage harder to gauge. Tollbridge is offering affected customers 24 months of credit monitoring, which Gareth Imrie of Pellham Capital estimated would cost between $40mn and $70mn. "The bigger risk is merchants deciding that a cheaper processor is no riskier than this one," Imrie said.

The breach will also draw attention from regulators, who have pressed payment groups to tighten controls on outside suppliers. Tollbridge said it had notified law enforcement and the relevant authorities and had hired Larkspur Security to investigate.

## A familiar route in

Renata Olusanya, chief information security officer, apologised to customers in a statement. The attack resembles several this year in which hackers reached large companies by compromising smaller software vendors that hold privileged access to their systems.

Tollbridge is due to report third-quarter earnings on November 6. Chief executive Mark Ainsley is expected to face questions about whether the company will change its guidance for the year.
""")

A(outlet="briefstack", story="tollbridge-breach", slug="tollbridge-payments-breach-9-million",
  published="2026-10-28 08:00", section="Business", author="Briefstack Newsroom", minutes=3,
  title="Tollbridge Payments Breach Exposes Data of 9.4 Million Customers",
  description="Hackers used a compromised support tool to access Tollbridge Payments customer records for two weeks.",
  keywords=["Tollbridge Payments", "data breach", "cybersecurity"],
  figure=("A Tollbridge Payments card terminal.", "Tollbridge Payments"),
  body="""
## What's Happening?

Tollbridge Payments, a Chicago-based payment processor, has disclosed that hackers accessed the personal information of about 9.4 million customers. The attackers used credentials stolen from an employee of a third-party customer support vendor and had access to Tollbridge systems from October 9 to October 23; the company detected the intrusion on October 24. Exposed data includes names, email addresses, phone numbers, partial postal addresses and the last four digits of payment cards. Tollbridge says full card numbers, bank account details and passwords were not affected. An extortion group called Saltmarsh has claimed responsibility and demanded $12 million, which Tollbridge says it will not pay.

## Why It's Important?

Tollbridge processes about $84 billion in payments a year for 310,000 merchants, so the breach affects a large number of consumers who may be targeted with convincing phishing attempts using the stolen details. The incident also highlights the risk posed by third-party software suppliers, which attackers increasingly use as a way into larger companies. Investors reacted sharply, with Tollbridge shares falling 8.7%. Chief information security officer Renata Olusanya apologized to customers, saying the company knows customers trust it with their information.

## What's Next?

Tollbridge has hired Larkspur Security to investigate and has notified law enforcement and regulators. Affected customers are being offered 24 months of free credit monitoring. The company reports third-quarter earnings on November 6, when it may provide an estimate of the financial impact. Regulators may also examine how payment companies oversee the vendors that have access to customer data. Customers should be wary of calls, texts or emails that mention their Tollbridge payments and ask for card numbers or one-time codes.
""")

# --- halvorsen-q3: Halvorsen third-quarter results (a Wirewire story syndicated by Fairhaven) ----
STORY_TOPICS["halvorsen-q3"] = "chips/earnings: Halvorsen Q3 results beat forecasts (wire story + syndicated copy)"

HALVORSEN_Q3 = """
AUSTIN, Texas, Oct 28 (Wirewire) - Halvorsen Semiconductor on Wednesday reported third-quarter revenue and profit above Wall Street estimates and forecast stronger-than-expected sales for the holiday quarter, as cloud companies kept spending heavily on its artificial intelligence chips.

Shares of the Austin, Texas-based chipmaker rose 4.9% in extended trading.

Revenue rose 31% from a year earlier to $14.6 billion in the quarter ended Sept 27, beating the average analyst estimate of $14.1 billion. Net income was $3.9 billion, or $2.41 per share, compared with $2.6 billion, or $1.62 per share, a year earlier.

Revenue from the data-center segment, which sells AI accelerators such as the Corvid X1, jumped 52% to $9.8 billion. Sales of chips for personal computers and phones fell 4% to $3.1 billion as demand for consumer devices stayed weak.

Gross margin widened to 58.7% from 54.2% a year earlier.

"Customers are not asking us whether they should buy more capacity, they are asking us how soon they can have it," Chief Financial Officer Benedikt Sauer said on a call with analysts.

## Outlook

Halvorsen forecast fourth-quarter revenue of $15.2 billion to $15.8 billion. Analysts on average had expected $14.9 billion.

The company raised its capital spending plan for the year to $21 billion from $18 billion, citing additional equipment for its factory in Brennick, Oregon, where it will make the Corvid X2 accelerator it unveiled earlier this month.

Sauer said early orders for the X2, which ships in the second quarter of 2027, had exceeded the company's internal plan, but declined to give figures.

Halvorsen's shares have gained about 52% this year, compared with a 31% rise in the broader semiconductor index.
"""

A(outlet="wirewire", story="halvorsen-q3", slug="halvorsen-q3-results-beat-estimates",
  published="2026-10-28 20:20", section="Business",
  title="Halvorsen beats quarterly estimates as AI chip demand lifts data-center sales",
  description="Halvorsen Semiconductor reported third-quarter revenue of $14.6 billion and forecast holiday-quarter sales above estimates.",
  author="Joel Achterberg", keywords=["Halvorsen Semiconductor", "earnings", "semiconductors"],
  figure=("Chips on a production line at Halvorsen's Brennick, Oregon, factory.", "Dana Whitcombe"),
  body=HALVORSEN_Q3 + """
(This story has been refiled to correct the date of the quarter's end in paragraph 3)
""")

A(outlet="fairhaven", story="halvorsen-q3", slug="halvorsen-beats-quarterly-estimates-ai-chip-demand",
  published="2026-10-28 20:55", section="Technology", wire_copy=True,
  title="Halvorsen beats quarterly estimates as AI chip demand lifts data-center sales",
  description="Halvorsen Semiconductor reported third-quarter revenue of $14.6 billion and forecast holiday-quarter sales above estimates.",
  author="Joel Achterberg", keywords=["Halvorsen Semiconductor", "earnings", "semiconductors", "Wirewire"],
  figure=("Chips on a production line at Halvorsen's Brennick, Oregon, factory.", "Dana Whitcombe / Wirewire"),
  body=HALVORSEN_Q3)

A(outlet="briefstack", story="halvorsen-q3", slug="halvorsen-q3-revenue-profit-beat",
  published="2026-10-29 07:40", section="Business", author="Briefstack Newsroom", minutes=3,
  title="Halvorsen Semiconductor Revenue & Profit Beat Forecasts on AI Chip Demand",
  description="Halvorsen's third-quarter revenue rose 31% to $14.6 billion, driven by a 52% jump in data-center sales.",
  keywords=["Halvorsen Semiconductor", "earnings", "AI chips"],
  figure=("Halvorsen Semiconductor headquarters in Austin, Texas.", "Halvorsen Semiconductor"),
  body="""
## What's Happening?

Halvorsen Semiconductor has reported third-quarter results that exceeded analyst expectations. Revenue rose 31% from a year earlier to $14.6 billion, ahead of the $14.1 billion analysts had forecast, while net income reached $3.9 billion, or $2.41 per share. The data-center segment, which sells the company's Corvid AI accelerators, grew 52% to $9.8 billion, while chips for PCs and phones declined 4% to $3.1 billion. Gross margin improved to 58.7% from 54.2%. Shares rose 4.9% in extended trading after the announcement.

## Why It's Important?

The results confirm that spending on artificial intelligence infrastructure remains strong, with cloud providers continuing to buy accelerators as fast as they can be produced. CFO Benedikt Sauer said customers are asking "how soon they can have it" rather than whether to buy more capacity. At the same time, the weakness in consumer chips shows that demand outside of AI remains soft. Halvorsen's performance is closely watched as a signal for the wider semiconductor industry, and the stock has gained about 52% this year.

## What's Next?

Halvorsen expects fourth-quarter revenue between $15.2 billion and $15.8 billion, above the $14.9 billion analysts expected. It raised its capital spending plan for the year to $21 billion from $18 billion to add equipment at its Brennick, Oregon, factory, where it will build the newly announced Corvid X2 accelerator. The company said early orders for the X2, which ships in the second quarter of 2027, are ahead of its internal plan, although it did not provide numbers. Investors will look for those figures, and for updates on memory supply, when Halvorsen reports again in January.
""")

# --- ashen-tide-sales: Foxglove Interactive's Ashen Tide sells 3.2 million copies ---------------
STORY_TOPICS["ashen-tide-sales"] = "games: Foxglove Interactive's Ashen Tide sells 3.2 million copies in five days"

A(outlet="thumbscroll", story="ashen-tide-sales", slug="ashen-tide-sells-3-million",
  published="2026-11-03 15:00", section="Gaming",
  title="Ashen Tide has sold 3.2 million copies in five days, and a PC stutter fix is coming",
  description="Foxglove Interactive's naval survival game is the studio's fastest seller ever. Patch 1.0.3 lands this week.",
  author="Kit Ramsay", keywords=["Ashen Tide", "Foxglove Interactive", "PC gaming", "PS5", "Xbox"],
  figure=("A storm-wrecked galleon in Ashen Tide.", "Foxglove Interactive"),
  body="""
Ashen Tide, the naval survival game from Montreal studio Foxglove Interactive, has sold 3.2 million copies in its first five days, the studio announced today. That makes it the fastest-selling game in Foxglove's history, beating the 1.1 million first-week sales of its 2021 hit Saltgrave.

The game launched on October 29 on PC, PS5 and Xbox Series X|S at $59.99, and it has been hard to avoid since. On PC it peaked at 412,000 concurrent players on Saturday evening, and it currently sits at an average review score of 88.

## A patch for PC stutter

Not everything has been smooth. A lot of PC players, me included, have run into stutter when sailing into a new region, as the game compiles shaders on the fly. Foxglove says patch 1.0.3, arriving this week, will pre-compile shaders on first launch and add an option to limit the frame rate in menus, which should also help with laptop fans.

"We are thrilled and a little overwhelmed," studio head Élodie Gauthier wrote in a post to players. "We read every bug report, even the angry ones, and especially the ones about the kraken."

## Why it is landing

Ashen Tide drops you on a flooded archipelago with a leaky sloop and a crew who can mutiny if you starve them. It took 240 people six years to make, and it shows in the water: waves respond properly to wind and to the shape of your hull, and storms feel genuinely dangerous.

If you are thinking of jumping in, play on a controller, turn off motion blur, and do not skip the tutorial on patching your hull. Console versions, for what it is worth, have been far more stable at launch than the PC build. Foxglove has promised a free co-op update for early 2027.
""")

A(outlet="briefstack", story="ashen-tide-sales", slug="ashen-tide-foxglove-record-sales",
  published="2026-11-03 19:30", section="Games", author="Briefstack Newsroom", minutes=3,
  title="Ashen Tide Becomes Foxglove Interactive's Fastest-Selling Game",
  description="The naval survival game sold 3.2 million copies in five days and peaked at 412,000 concurrent PC players.",
  keywords=["Ashen Tide", "Foxglove Interactive", "video games"],
  figure=("Key art for Ashen Tide.", "Foxglove Interactive"),
  body="""
## What's Happening?

Foxglove Interactive's new game, Ashen Tide, has sold 3.2 million copies in the five days since its October 29 release, according to the Montreal-based studio. The naval survival game, priced at $59.99 on PC, PS5 and Xbox Series X|S, is now the fastest-selling title in the studio's history, well ahead of the 1.1 million first-week sales of its 2021 game Saltgrave. On PC, Ashen Tide reached a peak of 412,000 concurrent players, and it holds an average review score of 88. The game was developed by a team of 240 people over six years.

## Why It's Important?

Ashen Tide's success comes at a time when many mid-sized studios have struggled with rising development costs and a crowded release calendar. A strong launch from an independent studio suggests that original games with a clear identity can still compete with established franchises. Studio head Élodie Gauthier said the team was "thrilled and a little overwhelmed" by the response. The launch has not been flawless, however: many PC players have reported stuttering caused by shader compilation when entering new areas.

## What's Next?

Foxglove says patch 1.0.3, due this week, will pre-compile shaders when the game is first launched and add a frame-rate limit for menus. The studio has also promised a free cooperative multiplayer update in early 2027. Continued sales over the holiday season will show whether Ashen Tide can sustain its momentum, and the studio's performance may influence how publishers approach funding for original projects. Foxglove, which financed the game largely from its own profits, has not announced its next title.
""")

A(outlet="circuitledger", story="ashen-tide-sales", slug="ashen-tide-shader-stutter-sales",
  published="2026-11-04 09:00", section="Gaming",
  title="Ashen Tide's 3.2 million sales show the appetite for new worlds, and the cost of shader stutter",
  description="Foxglove Interactive's hit shipped with a PC performance problem the industry still hasn't solved.",
  author="Jun Park", keywords=["Ashen Tide", "Foxglove Interactive", "PC gaming", "shaders"],
  figure=("Ashen Tide's water simulation reacts to wind and hull shape.", "Foxglove Interactive"),
  body="""
Foxglove Interactive said on Tuesday that Ashen Tide sold 3.2 million copies in five days, the best launch in the Montreal studio's history. The naval survival game, which costs $59.99 and came out on October 29 for PC, PS5 and Xbox Series X|S, peaked at 412,000 concurrent players on PC, more than three times the peak of the studio's previous game, Saltgrave.

It is a remarkable result for an original property from an independent studio of 240 people. It is also another big PC launch marred by the same technical problem.

## The stutter problem

Modern games describe how surfaces should look with small programs called shaders, which have to be compiled for each player's specific graphics card and driver. Consoles can ship those compiled shaders in advance because every machine is identical. PCs cannot, so many games compile shaders on the fly, and the game freezes for a fraction of a second each time a new one is needed.

In Ashen Tide that happens most often when a player sails into a new region, which is precisely when the game wants to show off. Foxglove's patch 1.0.3, due this week, will compile shaders during the first launch instead, a fix that trades a one-time wait of several minutes for smooth play afterwards.

"We read every bug report, even the angry ones," studio head Élodie Gauthier said in a message to players.

## Worth the wait

Graphics engineers we spoke to say the industry has the tools to avoid the issue but often runs out of time to use them before launch. Ashen Tide spent six years in development, with an average review score of 88 as a reward. Its launch suggests players will forgive a rough first week for a game with a clear identity, as long as the fix arrives quickly.
""")

A(outlet="fairhaven", story="ashen-tide-sales", slug="foxglove-ashen-tide-independent-studio-hit",
  published="2026-11-04 12:00", section="Companies",
  title="Ashen Tide's runaway launch is a rare win for independent game studios",
  description="Foxglove Interactive's naval survival game sold 3.2mn copies in five days, potentially $190mn in revenue, without a big publisher.",
  author="Hugo Castellanos", keywords=["Foxglove Interactive", "Ashen Tide", "video games", "media"],
  figure=("Élodie Gauthier, head of Foxglove Interactive, at the studio in Montreal.", "Marc-Antoine Leduc / Fairhaven"),
  body="""
Foxglove Interactive, a Montreal developer of 240 people, has sold 3.2mn copies of its new game in five days, a performance that would be notable for a publisher ten times its size.

Ashen Tide, a naval survival game released on October 29 for PC, PS5 and Xbox Series X|S, sells for $59.99. At that price the first five days imply gross sales of roughly $190mn, although platform fees and discounts in some regions mean Foxglove's share will be substantially lower.

## Funding without a publisher

The studio financed the six-year project largely from the profits of its 2021 game Saltgrave, which sold 1.1mn copies in its first week, and a C$40mn loan from a Quebec development bank. It retained the rights to the game rather than sign a publishing deal, meaning it keeps a larger share of revenue but carried the risk alone.

"We bet the studio on this," said Élodie Gauthier, studio head. "It is a good week to have bet the studio."

The success comes as the games industry emerges from three years of cost cutting. Large publishers have cancelled projects and cut thousands of jobs, arguing that development budgets for big games had become unsustainable.

## A model for others?

Analysts cautioned against reading too much into a single hit. "For every Ashen Tide there are a dozen original games that never find an audience," said Rhona Kilbride of the research group Playmetric. But she said the launch would strengthen the negotiating position of independent studios seeking funding.

Ashen Tide peaked at 412,000 concurrent players on PC and has an average review score of 88. Foxglove said a free co-operative multiplayer update would follow in early 2027, aimed at keeping players engaged into next year.
""")

# --- pellucid-fine: Nordic Data Trust Authority fines Pellucid AI EUR 48 million -----------------
STORY_TOPICS["pellucid-fine"] = "regulation/AI: Pellucid AI fined €48 million over training on private chats"

A(outlet="wirewire", story="pellucid-fine", slug="pellucid-ai-fined-48-million-euros",
  published="2026-11-03 09:40", section="Legal",
  title="Chatbot maker Pellucid AI fined €48 million for training on users' private conversations",
  description="The Nordic Data Trust Authority said Pellucid AI used 3.1 million users' chats to train its assistant without valid consent.",
  author="Ingrid Solvang", keywords=["Pellucid AI", "data protection", "artificial intelligence", "regulation"],
  figure=("Commissioner Sigrid Aalto-Nørgaard speaks at a news conference in Copenhagen.", "Henrik Bay"),
  body="""
COPENHAGEN, Nov 3 (Wirewire) - The Nordic Data Trust Authority on Tuesday fined London-based Pellucid AI 48 million euros ($55.4 million) for using the private conversations of 3.1 million users to train its chatbot without valid consent, the largest penalty in the regulator's history.

The authority said Pellucid had relied on a pre-ticked box in its sign-up form to justify using chats with its Pellucid Chat assistant as training data between April 2024 and January 2026, and that users were not told the conversations could be read by human reviewers.

"Consent hidden in a sign-up form is not consent," Commissioner Sigrid Aalto-Nørgaard told a news conference. "People confided things to this assistant that they would not tell their doctor."

Pellucid must also delete, within 120 days, any models trained on the data or retrain them without it, the regulator ordered.

Pellucid said it would appeal. "We disagree with the authority's interpretation of the law and we are confident in our position," Chief Executive Jonah Feld said in a statement, adding that the company had changed its consent process in January.

The investigation began in March 2025 after a complaint by the privacy group Open Rights Collective, which said users had discovered their conversations quoted back to them by the assistant.

The fine amounts to about 8% of Pellucid's 2025 revenue of 610 million euros. The company, valued at $7 billion in its last funding round, says Pellucid Chat has 22 million monthly users.

The case is being watched across the industry because many AI developers use customer data to improve their products. Lawyers said the deletion order could prove more costly than the fine itself, because retraining large models takes months and tens of millions of euros in computing power.
""")

A(outlet="fairhaven", story="pellucid-fine", slug="pellucid-ai-fine-deletion-order",
  published="2026-11-03 11:20", section="Technology",
  title="Pellucid AI's real penalty is the order to delete its models, not the €48mn fine",
  description="Regulators told the chatbot maker to delete or retrain models built on 3.1mn users' conversations within 120 days.",
  author="Catherine Mbeki", keywords=["Pellucid AI", "regulation", "privacy", "artificial intelligence"],
  figure=("Pellucid AI's London office in King's Cross.", "Fairhaven Business Daily"),
  body="""
The €48mn fine handed to Pellucid AI on Tuesday made the headlines. The clause that worried investors was further down the decision.

The Nordic Data Trust Authority, based in Copenhagen, found that the London-based chatbot maker had used conversations from 3.1mn users of its Pellucid Chat assistant to train its models without valid consent, relying on a pre-ticked box at sign-up. Alongside the fine, the largest in the authority's history, it ordered Pellucid to delete any models trained on that data, or retrain them without it, within 120 days.

## The cost of retraining

Pellucid's current models were all trained on data that includes the disputed conversations, people familiar with the company said. Retraining them from scratch could take four to six months and cost between €30mn and €60mn in computing power, according to estimates by Dunmore Research.

"The fine is a line item. The deletion order is a product roadmap problem," said Farah Quddus, a technology lawyer at Whitlow & Pryce.

Jonah Feld, Pellucid's chief executive, said the company would appeal and was "confident in our position". An appeal may suspend the deletion order, lawyers said, but not indefinitely.

The company's options are limited. It could retrain on conversations from users who have opted in since January, together with licensed and public data, but that pool is far smaller. People close to Pellucid said the company had already begun a parallel training run as a precaution in September, before the decision was published.

Investors in Pellucid's last round include two large technology funds and a sovereign wealth fund. One investor, speaking on condition of anonymity, said the group had modelled a deletion order as a "plausible but not central" scenario. "Central it now is," the person said.

## Wider implications

Sigrid Aalto-Nørgaard, the commissioner who led the case, said people had "confided things to this assistant that they would not tell their doctor". The investigation was triggered in March 2025 by a complaint from the privacy group Open Rights Collective.

Pellucid generated revenue of €610mn last year and was valued at $7bn in its most recent funding round. It says it has 22mn monthly users.

Rival AI groups have been quietly reviewing their own consent practices since the investigation became public, two executives at other companies said. Several changed their terms this year to ask users explicitly before using chats for training.
""")

A(outlet="circuitledger", story="pellucid-fine", slug="pellucid-ai-fine-private-chats-training",
  published="2026-11-03 12:45", section="Policy",
  title="Regulator fines Pellucid AI €48 million for training its chatbot on private chats",
  description="A pre-ticked box is not consent, says the Nordic Data Trust Authority, which also ordered Pellucid to delete affected models.",
  author="Theo Vasquez", keywords=["Pellucid AI", "privacy", "AI regulation", "chatbots"],
  figure=("The Pellucid Chat app on a phone.", "Theo Vasquez / The Circuit Ledger"),
  body="""
If you used Pellucid Chat between April 2024 and January 2026, there is a good chance your conversations helped train it, and according to a regulator's decision on Tuesday, they never should have.

The Nordic Data Trust Authority fined Pellucid AI €48 million after concluding that the London company used private conversations from 3.1 million users to train its AI assistant without valid consent. Pellucid's sign-up form included a pre-ticked box agreeing to "product improvement", which the company treated as permission to feed chats into training. The authority said that was not enough, and that users were never told human reviewers might read their conversations.

"Consent hidden in a sign-up form is not consent," commissioner Sigrid Aalto-Nørgaard said.

## Delete or retrain

The fine is the largest the authority has issued, but the more unusual part of the decision is an order to delete any model trained on the data, or retrain it without that data, within 120 days. Regulators have ordered deletion of personal data many times; ordering the deletion of a model built from it is still rare.

Pellucid says it will appeal. Chief executive Jonah Feld said the company "disagrees with the authority's interpretation of the law" and pointed out that it changed its consent flow in January.

## How it came to light

The case began in March 2025 with a complaint from Open Rights Collective, a privacy group, after users noticed the assistant repeating phrases from their earlier conversations back to them, in one case a user's description of a medical condition.

Pellucid Chat has 22 million monthly users. If you are one of them, you can check whether training is switched on under Settings, then Data controls. It is now off by default for new accounts.
""")

# --- ardentis-solid-state: Ardentis Energy opens a solid-state battery pilot line ----------------
STORY_TOPICS["ardentis-solid-state"] = "EV batteries: Ardentis Energy opens a $1.1 billion solid-state cell plant in Ohio"

A(outlet="fairhaven", story="ardentis-solid-state", slug="ardentis-energy-solid-state-ohio-plant",
  published="2026-11-05 14:00", section="Energy",
  title="Ardentis opens $1.1bn Ohio plant in race to commercialise solid-state batteries",
  description="The start-up's Fenwick line will make 2GWh of cells a year, with Corvane Motors as first customer for a 2028 SUV.",
  author="Amelia Strand", keywords=["Ardentis Energy", "batteries", "electric vehicles", "Corvane Motors", "Ohio"],
  figure=("Solid-state cells on the Ardentis pilot line in Fenwick, Ohio.", "Ardentis Energy"),
  body="""
Ardentis Energy opened a $1.1bn battery plant in Fenwick, Ohio, on Thursday, becoming one of the first companies to manufacture solid-state electric-vehicle cells at more than laboratory scale.

The facility will produce 2 gigawatt-hours of cells a year at full output, enough for about 25,000 vehicles. Its first customer is Corvane Motors, which will use the cells in the Corvane Tessa, a mid-sized SUV due in 2028.

## Energy density and charging

Solid-state batteries replace the flammable liquid electrolyte in conventional lithium-ion cells with a solid material, which can allow more energy to be stored in the same weight and lowers the risk of fire. Ardentis says its cells store 410 watt-hours per kilogram, about 40 per cent more than the best cells in cars today, and can charge from 10 to 80 per cent in 12 minutes.

In testing, the cells kept 90 per cent of their capacity after 1,000 full charging cycles, the company said. Independent verification by the Rowan Battery Institute confirmed the energy-density figures on cells taken from the pilot line, Ardentis said.

## Scaling up

Hal Brenner, chief executive, said the plant would employ 650 people and serve as a template for a 20GWh factory that Ardentis aims to open in 2028. "Everybody has made a good solid-state cell in the lab. The hard part is making a million of them that are all the same," he said.

The company has raised $2.7bn from investors including Corvane and two sovereign wealth funds, and received a $400mn state grant from Ohio.

Analysts said the main risk was cost. Ardentis did not disclose the price per kilowatt-hour of its cells, and solid-state manufacturing requires dry rooms and pressure equipment that conventional plants do not. "The chemistry looks real. The economics are still a promise," said Lena Okafor at Brightline Research.
""")

A(outlet="wirewire", story="ardentis-solid-state", slug="ardentis-opens-solid-state-battery-plant",
  published="2026-11-05 13:20", section="Sustainability",
  title="Ardentis Energy opens solid-state battery plant in Ohio, Corvane Motors first customer",
  description="Ardentis Energy began production at a $1.1 billion plant in Fenwick, Ohio, making solid-state cells for a 2028 Corvane SUV.",
  author="Lucy Brennan", keywords=["Ardentis Energy", "electric vehicles", "batteries"],
  figure=("Ardentis Energy CEO Hal Brenner at the opening of the Fenwick, Ohio, plant.", "Anton Reyes"),
  body="""
FENWICK, Ohio, Nov 5 (Wirewire) - Battery start-up Ardentis Energy on Thursday opened a $1.1 billion factory in Ohio to make solid-state cells for electric vehicles, saying it had overcome the manufacturing problems that have kept the technology out of cars.

The plant in Fenwick, about 40 miles (64 km) northeast of Columbus, can produce 2 gigawatt-hours of cells a year and will employ 650 people, the company said. Its first customer is automaker Corvane Motors, which will use the cells in its Corvane Tessa SUV from 2028.

"Everybody has made a good solid-state cell in the lab. The hard part is making a million of them that are all the same," Chief Executive Hal Brenner told reporters at the opening.

Ardentis said its cells store 410 watt-hours of energy per kilogram, charge from 10% to 80% in 12 minutes and retain 90% of their capacity after 1,000 charge cycles.

Chief Technology Officer Yuki Tanabe-Moss said the company had raised yields on its production line to 87% in October from 52% in March, by changing how the solid electrolyte layer is pressed onto the electrodes.

Solid-state batteries, which use a solid electrolyte instead of a liquid, promise longer range and faster charging than conventional lithium-ion batteries, but have proved difficult to produce at scale.

Ardentis plans a second factory with 20 gigawatt-hours of annual capacity in 2028. The company has raised $2.7 billion from investors, including Corvane, and received a $400 million grant from the state of Ohio.

Ardentis did not disclose the cost of its cells. Analysts said price would determine whether solid-state batteries spread beyond premium vehicles.
""")

A(outlet="thumbscroll", story="ardentis-solid-state", slug="solid-state-batteries-ardentis-what-it-means",
  published="2026-11-06 10:30", section="EVs",
  title="Solid-state EV batteries just got real: what Ardentis's Ohio plant means for drivers",
  description="12-minute charging and 40% more energy per kilo. Here's what Ardentis's new cells could mean for your next EV.",
  author="Ollie Prendergast", keywords=["Ardentis Energy", "solid-state batteries", "EVs", "charging"],
  figure=("An Ardentis solid-state cell, about the size of a paperback.", "Ardentis Energy"),
  body="""
For about a decade solid-state batteries have been the EV technology that is always five years away. On Thursday, a company called Ardentis Energy opened a factory in Fenwick, Ohio, that actually makes them, and it has a carmaker signed up. So what does that mean if you are thinking about an electric car?

## The numbers

Ardentis says its cells hold 410 watt-hours per kilogram, around 40 percent more than the best batteries in cars today. In practice, that means either more range from a battery of the same weight or a lighter, cheaper car with the same range. The company also says the cells charge from 10 to 80 percent in 12 minutes, provided the charger can keep up, and still have 90 percent of their capacity after 1,000 full cycles. For a car with 300 miles of range, 1,000 cycles is roughly 300,000 miles.

The first car to use them will be the Corvane Tessa, a mid-sized SUV from Corvane Motors that is due in 2028.

## The catch

The Fenwick plant is small: 2 gigawatt-hours a year, enough for about 25,000 cars. A proper gigafactory, with 20 gigawatt-hours of capacity, is planned for 2028. And Ardentis is not saying what the cells cost, which will decide whether they end up in affordable cars or only in expensive ones.

"Everybody has made a good solid-state cell in the lab. The hard part is making a million of them that are all the same," said Ardentis chief executive Hal Brenner.

## Should you wait?

No. If you need a car in the next couple of years, today's batteries are good and getting cheaper. But if you are a 2029 or 2030 buyer, solid-state cells look increasingly likely to be an option, and charging stops could get a lot shorter.
""")

# --- kestrel-recall: Kestrel Mobile recalls 410,000 Kestrel Eight Pro phones ---------------------
STORY_TOPICS["kestrel-recall"] = "phones/safety: Kestrel Mobile recalls 410,000 Kestrel Eight Pro phones over battery swelling"

A(outlet="wirewire", story="kestrel-recall", slug="kestrel-recalls-eight-pro-battery-swelling",
  published="2026-11-12 06:30", section="Technology",
  title="Kestrel Mobile recalls 410,000 Eight Pro phones over battery swelling",
  description="Kestrel Mobile recalled 410,000 Kestrel Eight Pro smartphones after 37 reports of swollen batteries, four involving minor burns.",
  author="Grace Thibodeau and Chen Yu-Hsin", keywords=["Kestrel Mobile", "product recall", "smartphones", "batteries"],
  figure=("A Kestrel Mobile store in Taipei.", "Chen Yu-Hsin"),
  body="""
TAIPEI, Nov 12 (Wirewire) - Taiwanese smartphone maker Kestrel Mobile said on Thursday it would recall about 410,000 Kestrel Eight Pro phones because their batteries can swell, after receiving 37 reports of the problem, including four of minor burns.

The affected batteries were made by supplier Norvane Cells between February and May 2026, Kestrel said. Phones with serial numbers beginning KE8P-24 or KE8P-25 are affected.

Customers can get a free battery replacement or a $200 credit towards a new Kestrel phone, the company said. The recall is being carried out in coordination with safety regulators in 14 countries.

"No customer should have to worry about the phone in their pocket," Chief Executive Lin Wei-Ting said in a statement. "We are acting quickly and we are taking responsibility."

Kestrel said the problem was caused by a defect in the separator material used in a batch of cells, which could allow the battery to swell after several hundred charging cycles. It said no fires had been reported.

Kestrel shares fell 3.1% in Taipei trading. Analysts at Meiling Securities estimated the cost of the recall at about $95 million, including replacement batteries, logistics and credits.

The company said its new Kestrel Nine Fold foldable, launched in October, uses batteries from a different supplier and is not affected. Kestrel has shipped about 2.9 million Eight Pro phones since the model launched in March.

Norvane Cells, which is privately held and based in Penang, Malaysia, said in a statement it was cooperating with Kestrel and had changed its production process for the affected material.
""")

A(outlet="thumbscroll", story="kestrel-recall", slug="kestrel-eight-pro-recall-check-your-phone",
  published="2026-11-12 08:15", section="Phones",
  title="Kestrel Eight Pro recall: how to check if your phone is affected",
  description="Kestrel is recalling 410,000 Eight Pro phones with swelling batteries. Here's how to check your serial number and what you get.",
  author="Bea Whitfield", keywords=["Kestrel Mobile", "Kestrel Eight Pro", "recall", "batteries"],
  figure=("The serial number is under Settings, About phone, on the Kestrel Eight Pro.", "Bea Whitfield / Thumbscroll"),
  body="""
Kestrel Mobile is recalling around 410,000 Kestrel Eight Pro phones because the battery can swell. If you own one, here is how to check whether yours is included and what to do next.

## Is my phone affected?

Go to Settings, then About phone, and look at the serial number. If it starts with KE8P-24 or KE8P-25, your phone is part of the recall. You can also type the serial number into Kestrel's recall checker on its support site. According to Kestrel, the affected batteries were made by supplier Norvane Cells between February and May this year, and the company has had 37 reports of swelling, four of which involved minor burns.

Warning signs include a screen that lifts away from the frame, a back panel that bulges or creaks, or a phone that rocks when laid flat on a table. If you see any of those, stop charging the phone and power it off.

## What you get

Kestrel is offering two options: a free battery replacement at a service centre or by post, or a $200 credit towards a new Kestrel phone. The replacement is the obvious choice if you like your Eight Pro; the credit makes more sense if you were already thinking of upgrading. Kestrel chief executive Lin Wei-Ting said that "no customer should have to worry about the phone in their pocket".

Mail-in repairs include a prepaid, fire-safe shipping box, so do not post the phone in your own packaging.

## What about other Kestrel phones?

Only the Eight Pro is included. The standard Kestrel Eight uses a different battery, and Kestrel says the new Nine Fold, which we went hands-on with last month, uses cells from another supplier and is not affected. Back up your phone before sending it off, since repairs can involve a reset.
""")

A(outlet="briefstack", story="kestrel-recall", slug="kestrel-mobile-recall-410000-phones",
  published="2026-11-12 12:00", section="Tech", author="Briefstack Newsroom", minutes=3,
  title="Kestrel Mobile Recalls 410,000 Eight Pro Phones Over Swelling Batteries",
  description="Kestrel Mobile is recalling Eight Pro phones with batteries made by Norvane Cells after 37 swelling reports.",
  keywords=["Kestrel Mobile", "recall", "smartphones"],
  figure=("The Kestrel Eight Pro smartphone.", "Kestrel Mobile"),
  body="""
## What's Happening?

Kestrel Mobile is recalling about 410,000 Kestrel Eight Pro smartphones because their batteries can swell. The company has received 37 reports of swelling, including four involving minor burns. The affected batteries were produced by supplier Norvane Cells between February and May 2026, and phones with serial numbers beginning KE8P-24 or KE8P-25 are included. Owners can choose a free battery replacement or a $200 credit toward a new Kestrel phone. The recall is being coordinated with safety regulators in 14 countries, and CEO Lin Wei-Ting said "no customer should have to worry about the phone in their pocket."

## Why It's Important?

Battery defects are among the most serious problems a phone maker can face, both for customer safety and for brand reputation. Kestrel says the issue was caused by a defect in separator material in a batch of cells, and that no fires have been reported. Analysts at Meiling Securities estimate the recall will cost about $95 million, and Kestrel shares fell 3.1% in Taipei. The timing is difficult for the company, which launched its Kestrel Nine Fold foldable in October and is relying on it for holiday sales.

## What's Next?

Kestrel says the Nine Fold uses batteries from a different supplier and is not affected. Norvane Cells, based in Penang, Malaysia, says it has changed its production process. Owners of affected phones are advised to stop charging a device that shows signs of swelling and to use Kestrel's online checker. The company has shipped about 2.9 million Eight Pro phones since March, so further reports could emerge as checks continue.
""")

# --- pallas-landing: Meridian Orbital's Pallas-2 lands near the lunar south pole ----------------
STORY_TOPICS["pallas-landing"] = "space: Meridian Orbital's Pallas-2 lander touches down near the Moon's south pole"

A(outlet="wirewire", story="pallas-landing", slug="meridian-orbital-pallas-2-moon-landing",
  published="2026-11-18 15:40", section="Science",
  title="Meridian Orbital's Pallas-2 lands near Moon's south pole, first for the company",
  description="Houston-based Meridian Orbital landed its Pallas-2 spacecraft upright near the Malapert massif, 21 months after its first lander tipped over.",
  author="Daniel Okafor", keywords=["Meridian Orbital", "Moon", "space exploration", "Pallas-2"],
  figure=("Meridian Orbital engineers celebrate in mission control in Houston.", "Rosa Calderón"),
  body="""
HOUSTON, Nov 18 (Wirewire) - Meridian Orbital's Pallas-2 spacecraft landed upright near the Moon's south pole on Wednesday, the company said, a milestone for the Houston-based firm after its first lander toppled over on arrival last year.

The 4.3-meter-tall (14-foot) lander touched down at 14:52 GMT near the Malapert massif, about 180 meters from its target, and sent back its first images within minutes, Meridian said.

"We stuck it," mission director Celeste Arroyo told employees gathered in the company's mission control, to cheers. "Twenty-one months ago we watched our first lander fall over. Today she is standing up and talking to us."

Pallas-2 carries nine scientific payloads, including ICEFIND, a spectrometer designed to search for water ice in the lunar soil, and a small seismometer built by students at Calder Polytechnic.

The lander is solar-powered and is expected to operate for about 12 Earth days, until the sun sets at its site and temperatures fall below what its electronics can survive.

Meridian's first lander, Pallas-1, tipped onto its side after landing in February 2025 when one of its legs came down on a slope, limiting the data it could return.

The mission cost about $212 million, the company said, including the launch on Nov 2 aboard a Skylance rocket from Florida. Most of the cost was covered by contracts with government space agencies and universities to carry their instruments.

The south pole region is a target for several countries and companies because water ice in permanently shadowed craters could one day supply drinking water, oxygen and rocket fuel for astronauts.

Meridian said it plans to fly Pallas-3, a larger lander able to carry a small rover, in 2028.
""")

A(outlet="circuitledger", story="pallas-landing", slug="pallas-2-lands-upright-on-the-moon",
  published="2026-11-18 16:30", section="Science",
  title="Pallas-2 lands upright on the Moon, redeeming Meridian Orbital's tipped-over first try",
  description="The lander set down 180 meters from its target near the Malapert massif and has about 12 days to search for water ice.",
  author="Jun Park", keywords=["Meridian Orbital", "Pallas-2", "Moon", "lunar south pole"],
  figure=("The first image from Pallas-2 shows one of its landing legs on the lunar surface.", "Meridian Orbital"),
  body="""
Meridian Orbital's second attempt at landing on the Moon went to plan. The company's Pallas-2 lander touched down near the Malapert massif, close to the lunar south pole, at 14:52 UTC on Wednesday, and it is standing upright, which is more than its predecessor managed.

"We stuck it," said mission director Celeste Arroyo as the first picture arrived, a slightly overexposed shot of a landing leg resting on grey regolith.

## What went differently

Pallas-1 landed in February 2025 with one leg on a slope, tipped over, and spent its short life transmitting with its antenna pointed at the ground. Meridian's engineers responded with three main changes for Pallas-2: a lidar-based hazard detection system that lets the lander pick a flat spot in the final 30 seconds of descent, wider landing legs with crushable footpads, and software that slows the final descent to under one meter per second.

The lidar appears to have earned its keep. Pallas-2 diverted slightly from its planned spot after detecting a boulder field, and landed about 180 meters from the target.

## The science

The 4.3-meter lander carries nine payloads. The most important is ICEFIND, a spectrometer that will look for water ice in the soil around the lander. There is also a seismometer built by students at Calder Polytechnic, a laser retroreflector, and several cameras.

The lander runs on solar power and has about 12 Earth days of operations before lunar night falls and temperatures drop to around minus 170 degrees Celsius, cold enough to kill its electronics.

The mission cost roughly $212 million, including the November 2 launch on a Skylance rocket. Meridian says a bigger lander, Pallas-3, carrying a small rover, is planned for 2028.
""")

A(outlet="briefstack", story="pallas-landing", slug="meridian-pallas-2-lunar-landing",
  published="2026-11-18 19:00", section="Science", author="Briefstack Newsroom", minutes=3,
  title="Meridian Orbital's Pallas-2 Lands Successfully Near Lunar South Pole",
  description="Pallas-2 touched down upright near the Malapert massif and will search for water ice for about 12 days.",
  keywords=["Meridian Orbital", "Moon landing", "space"],
  figure=("An artist's impression of Pallas-2 on the Moon.", "Meridian Orbital"),
  body="""
## What's Happening?

Meridian Orbital, a Houston-based space company, has successfully landed its Pallas-2 spacecraft near the Moon's south pole. The 4.3-meter lander touched down at 14:52 UTC near the Malapert massif, about 180 meters from its target, and remained upright. Mission director Celeste Arroyo celebrated the landing by telling staff, "We stuck it." The lander carries nine payloads, including the ICEFIND spectrometer designed to detect water ice and a seismometer built by students at Calder Polytechnic. Pallas-2 launched on November 2 aboard a Skylance rocket, and the mission cost about $212 million.

## Why It's Important?

The landing is a turnaround for Meridian Orbital after its first lander, Pallas-1, tipped over on arrival in February 2025, limiting the data it could return. The lunar south pole is of great interest to space agencies and companies because water ice there could eventually supply drinking water, oxygen and rocket fuel for future missions. A successful commercial landing also strengthens the case for private companies delivering scientific instruments to the Moon at lower cost than traditional government missions.

## What's Next?

Pallas-2 is solar-powered and expected to operate for about 12 Earth days before lunar night ends the mission. During that time, scientists will use ICEFIND to analyze the soil for signs of water. Meridian plans to launch Pallas-3, a larger lander capable of carrying a small rover, in 2028. Results from Pallas-2 could influence where future crewed and robotic missions choose to land. The company has said it will publish new images from the landing site every day while the lander remains active, and it will share ICEFIND data with partner universities.
""")

A(outlet="thumbscroll", story="pallas-landing", slug="pallas-2-moon-landing-cameras",
  published="2026-11-19 09:00", section="Cameras",
  title="The cameras on Pallas-2 just sent back the first pictures from the lunar south pole",
  description="Meridian Orbital's lander touched down upright near Malapert. Here's the camera tech behind its first images.",
  author="Kit Ramsay", keywords=["Meridian Orbital", "Pallas-2", "space", "cameras"],
  figure=("Pallas-2's first panorama, stitched from six frames.", "Meridian Orbital"),
  body="""
Meridian Orbital's Pallas-2 lander touched down near the Moon's south pole on Wednesday afternoon, and unlike its predecessor, it did not fall over. By Thursday morning it had sent back a six-frame panorama of the Malapert massif that is, frankly, gorgeous. So we asked Meridian about the cameras that took it.

## The hardware

Pallas-2 carries four cameras. Two are engineering cameras mounted high on the 4.3-meter lander, used to check on the landing legs and the deck. The panorama came from a 20-megapixel colour camera on a small pan-and-tilt mast, fitted with a fixed 35mm-equivalent lens. The fourth is a descent camera that recorded the final two minutes of the landing at 30 frames per second.

Because the sun sits just above the horizon at the south pole, the light is extremely low and the shadows extremely long. Meridian's imaging lead told us the team shoots each frame at three exposures and merges them on Earth, the same bracketing trick your phone uses for HDR photos.

## The landing video

The descent footage is the highlight. You can watch the lander slide sideways at the last moment to avoid a boulder field, a decision its lidar hazard-avoidance system made on its own, before settling about 180 meters from the target. "We stuck it," mission director Celeste Arroyo said as the landing was confirmed at 14:52 UTC.

## Make the most of it

The lander has about 12 Earth days before lunar night ends the mission, and Meridian says it will post new images daily on its website. The main science job belongs to ICEFIND, a spectrometer that searches the soil for water ice, but we will be refreshing the camera feed. The $212 million mission launched on November 2.
""")

# --- singletons ----------------------------------------------------------------------------------
STORY_TOPICS["quillvault-flaw"] = "security: QuillVault patches a browser-extension autofill flaw (singleton)"

A(outlet="thumbscroll", story="quillvault-flaw", slug="quillvault-autofill-flaw-update-now",
  published="2026-10-09 11:00", section="Apps",
  title="Update QuillVault now: autofill flaw could leak your passwords to hidden frames",
  description="Version 8.4.2 of the QuillVault browser extension fixes CVE-2026-48213, rated 8.1 out of 10.",
  author="Bea Whitfield", keywords=["QuillVault", "password managers", "security", "browser extensions"],
  figure=("The QuillVault extension's autofill menu in a browser.", "Bea Whitfield / Thumbscroll"),
  body="""
If you use the QuillVault password manager in your browser, check that the extension has updated to version 8.4.2. It fixes a flaw that could let a malicious website trick QuillVault into filling your saved username and password into an invisible frame on the page.

The bug, tracked as CVE-2026-48213 and rated 8.1 out of 10 for severity, was found by independent security researcher Aiko Brandt, who reported it to QuillVault in August. QuillVault says it has no evidence it was exploited, and the fix was released on Thursday.

## How the attack worked

QuillVault, like most password managers, offers to fill in your login when it recognises a site. Brandt found that the extension checked the address of the main page but not of frames embedded in it. A site that had been compromised, or an advert served on a legitimate site, could hide a login form in a transparent frame, and if you clicked QuillVault's autofill button, your credentials for the main site went into the hidden form instead.

"It needs one click from the user, which is why it is not a ten," Brandt wrote in her disclosure. "But people click autofill without thinking, that is the whole point of it."

## What you should do

The extension should update automatically within a day, but you can force it: open your browser's extensions page, switch on developer mode and click Update, or simply remove and reinstall QuillVault. Your vault is stored in your account, so reinstalling does not lose anything.

QuillVault has about 6 million users. The company says it has also changed autofill so it no longer fills into frames from a different domain than the page without asking first. That is a sensible default that other password managers would do well to copy, and it is worth checking your own manager's settings for a similar option.
""")

STORY_TOPICS["orrery-logical-qubits"] = "science/computing: Orrery Quantum demonstrates 48 logical qubits (singleton)"

A(outlet="circuitledger", story="orrery-logical-qubits", slug="orrery-quantum-48-logical-qubits",
  published="2026-11-10 17:00", section="Science",
  title="Orrery Quantum runs 48 error-corrected logical qubits on a neutral-atom machine",
  description="The Boulder start-up says its 1,200-atom processor kept logical error rates below one in a thousand.",
  author="Nadia Sorensen", keywords=["Orrery Quantum", "quantum computing", "error correction", "neutral atoms"],
  figure=("The vacuum chamber of Orrery's Aurelia processor in Boulder, Colorado.", "Orrery Quantum"),
  body="""
Quantum computers are only useful if they can correct their own mistakes, and on Tuesday a start-up called Orrery Quantum said it had taken a sizeable step in that direction. The Boulder, Colorado, company reported running 48 logical qubits on its Aurelia processor, built from 1,200 individual rubidium atoms held in place by lasers, with a logical error rate below 0.1 percent per operation.

## Why logical qubits matter

Physical qubits, whether atoms, ions or superconducting circuits, are fragile. Heat, stray light or a slightly mistimed laser pulse can flip them. Error correction spreads one reliable "logical" qubit across many physical ones, so that errors can be detected and fixed faster than they accumulate. Most experts believe useful machines will need hundreds to thousands of logical qubits.

Orrery's result uses an average of 25 physical atoms per logical qubit. In a preprint posted alongside the announcement, the team describes running a 12-step algorithm across all 48 logical qubits and shows that the error rate fell as they increased the size of each code block, the signature that error correction is doing its job.

"Two years ago we had six logical qubits and a lot of hope," said Orrery co-founder and chief scientist Ravi Mendelsohn. "Now the curve is going the right way, and it is going there quickly."

## How Aurelia works

Each of Aurelia's 1,200 atoms is trapped in the focus of a laser beam, an arrangement known as an optical tweezer. To make two atoms interact, the machine excites them into large, fragile Rydberg states with a second set of lasers. The trick that sets neutral-atom machines apart is that the tweezers can move atoms around mid-calculation, so any qubit can be brought next to any other. That flexibility makes it easier to implement error-correcting codes that need connections between distant qubits.

Orrery says it reached its new error rates mainly by improving its lasers' stability and by measuring a subset of atoms during the calculation without disturbing the rest, a technique it calls "quiet readout".

## Caveats

The results have not yet been peer reviewed, and the algorithm Orrery ran is a benchmark rather than a useful calculation. Neutral-atom machines are also slow: each round of error correction on Aurelia takes about two milliseconds, far longer than on superconducting chips.

Orrery, which has raised $640 million, says a 10,000-atom successor is under construction and should be available to cloud customers in 2028. It plans to sell access through existing cloud providers rather than build its own data centres.
""")

STORY_TOPICS["greyling-wyoming"] = "data centres: Greyling Cloud plans a $4.5bn AI campus in Wyoming (singleton)"

A(outlet="fairhaven", story="greyling-wyoming", slug="greyling-cloud-wyoming-data-centre",
  published="2026-10-22 12:30", section="Companies",
  title="Greyling Cloud to build $4.5bn AI data centre campus in Wyoming",
  description="The cloud provider will house Corvid X2 chips at the 600MW Fennmoor site, powered by wind with gas backup.",
  author="Amelia Strand", keywords=["Greyling Cloud", "data centres", "Wyoming", "AI infrastructure", "energy"],
  figure=("The site of Greyling Cloud's planned campus near Fennmoor, Wyoming.", "Greyling Cloud"),
  body="""
Greyling Cloud will spend $4.5bn building a data centre campus in Fennmoor, Wyoming, the largest investment in the company's history and the latest sign of how the demand for artificial intelligence is redrawing the map of American infrastructure.

The campus, on 900 acres of former ranch land, will draw up to 600 megawatts of power when complete in 2029, roughly the demand of a city of 450,000 people. Most of that will come from a 1.1 gigawatt wind farm being built nearby by a utility partner, with a 300MW gas plant on site for backup when the wind drops.

## Chips and power

Greyling said the first phase, due to open in late 2027, would house servers built on Halvorsen Semiconductor's Corvid X2 accelerator, which it was among the first to order when the chip was unveiled this month. Those chips draw up to 900 watts each, and the campus will use liquid cooling with a closed water loop, which the company said would consume less than a tenth of the water of conventional evaporative cooling.

"Power is the new real estate," said Saoirse Whelan, chief executive. "We went where we could get a lot of it, cleanly, and soon."

The choice of Wyoming reflects a scramble for grid connections. In established data centre markets such as northern Virginia, new projects can wait five years or more for power. Greyling said it had secured transmission capacity for the first 300MW and expected the rest by 2029. Analysts at Kettering Partners said the campus would make Greyling one of the five largest buyers of AI accelerators in the US.

## Local jobs and concerns

The project is expected to create 1,400 construction jobs and about 220 permanent roles. Wyoming has offered sales tax exemptions on equipment worth an estimated $310mn over 20 years.

Not everyone is enthusiastic. A group of Fennmoor residents has raised concerns about noise from the gas turbines and the effect on local electricity prices. Greyling said it would pay for grid upgrades and that the gas plant would run for less than 10 per cent of the year.

Greyling's capital expenditure is expected to reach $19bn this year, more than double the 2024 level, as it competes with larger rivals to offer AI computing capacity.
""")

STORY_TOPICS["orrin-sight-2"] = "wearables: Orrin Optics launches Orrin Sight 2 display glasses (singleton)"

A(outlet="thumbscroll", story="orrin-sight-2", slug="orrin-sight-2-smart-glasses-hands-on",
  published="2026-11-20 14:00", section="Wearables",
  title="Orrin Sight 2 hands-on: 49g smart glasses with a display you can actually read outside",
  description="Orrin Optics' second-generation display glasses cost $499, last six hours, and go on sale today.",
  author="Ollie Prendergast", keywords=["Orrin Optics", "Orrin Sight 2", "smart glasses", "wearables"],
  figure=("The Orrin Sight 2 in tortoiseshell, with its charging case.", "Ollie Prendergast / Thumbscroll"),
  body="""
Smart glasses with a built-in display have mostly been heavy, dim or both. The Orrin Sight 2, which goes on sale today for $499, is neither. At 49 grams it weighs about as much as a chunky pair of sunglasses, and its display stayed readable when I walked around a bright car park at midday, something the first Orrin Sight never managed.

## The display

Orrin Optics, a start-up based in Rochester, New York, uses a tiny micro-LED projector in the right arm and a waveguide etched into the lens. The result is a green-and-white monochrome image that appears to float about two metres in front of you. It is only visible in the right eye, and only when there is something to show: notifications, turn-by-turn directions, a teleprompter for presentations, or live captions of the person you are talking to.

The captions are the feature that impressed me most. In a noisy coffee shop, the glasses transcribed my colleague with a lag of about a second and very few mistakes, processing the audio on a paired phone rather than in the cloud.

## Battery and comfort

Orrin quotes six hours of mixed use, and my first day matched it: I ended at 14 percent after about five and a half hours. The case holds three more full charges. The frames come in black, tortoiseshell and clear, and Orrin will fit prescription lenses for an extra $149.

"We wanted glasses you forget you are wearing until you need them," said Orrin co-founder Dev Malhotra.

## Early verdict

The Sight 2 does a few things well rather than everything badly. There is no camera, which some will see as a missing feature and others as a relief. I will have a full review after a couple of weeks of daily wear.
""")


if __name__ == "__main__":
    sys.exit(main())
