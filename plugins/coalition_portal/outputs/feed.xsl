<?xml version="1.0" encoding="UTF-8"?>
<!-- Coalition Portal: how a feed (RSS 2.0 or Atom) reads when it is opened in a browser.
     Feed readers ignore this stylesheet; a person who clicks a feed link sees what a feed
     is, how to subscribe, and the latest entries, instead of raw XML.  Every text comes from
     the feed and is written as text (no disable-output-escaping), and the page runs no
     script. Written by outputs/feed_stylesheet.py as feeds/feed.xsl. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="no"
              doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="about" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="home"
                select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>
  <xsl:variable name="self"
                select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <link rel="icon" href="data:,"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <style>
          :root { color-scheme: light dark; --fg: #1f2328; --muted: #4d545c; --bg: #ffffff;
                  --box: #eef6ee; --line: #c9d6c9; --link: #1b5e20; }
          @media (prefers-color-scheme: dark) {
            :root { --fg: #e6e6e6; --muted: #c2c7cc; --bg: #1e2129; --box: #27302a;
                    --line: #3d4a40; --link: #a5d6a7; } }
          body { margin: 0; background: var(--bg); color: var(--fg);
                 font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
          main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
          h1 { font-size: 1.6rem; line-height: 1.3; margin: 0 0 .5rem; }
          h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
          a { color: var(--link); text-decoration: underline; }
          .cp-feed-what { background: var(--box); border: 1px solid var(--line);
                          border-radius: .4rem; padding: .8rem 1rem; }
          .cp-feed-what p { margin: .4rem 0; }
          .cp-feed-what h2 { margin-top: 0; }
          code { display: block; overflow-wrap: anywhere; padding: .3rem .5rem;
                 border: 1px solid var(--line); border-radius: .3rem; background: var(--bg);
                 font-size: .9rem; }
          ol { padding-left: 1.4rem; }
          li { margin: .6rem 0; }
          .cp-feed-date { color: var(--muted); font-size: .9rem; }
        </style>
      </head>
      <body>
        <main>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="$about"/></p>
          <section class="cp-feed-what" aria-labelledby="subscribe">
            <h2 id="subscribe">This is a feed: subscribe to follow it</h2>
            <p>A feed brings every new entry to you as it is published, without visiting the
              site. To subscribe, copy this page's address and add it in your feed reader
              (Feedly, Inoreader, NetNewsWire, Thunderbird, …) as a new subscription:</p>
            <code><xsl:value-of select="$self"/></code>
            <p>Your reader then shows each new entry; nothing needs installing in the browser.
              <xsl:if test="$home">
                <a href="{$home}">Back to the site</a>.
              </xsl:if>
            </p>
          </section>
          <h2 id="entries">Latest entries</h2>
          <xsl:choose>
            <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
              <ol>
                <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise>
              <p>No entries yet.</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <br/>
      <span class="cp-feed-date"><xsl:value-of select="substring(pubDate, 1, 16)"/></span>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a>
      <br/>
      <span class="cp-feed-date"><xsl:value-of select="substring(atom:published, 1, 10)"/></span>
      <xsl:if test="atom:summary">
        <br/><xsl:value-of select="atom:summary"/>
      </xsl:if>
    </li>
  </xsl:template>
</xsl:stylesheet>
