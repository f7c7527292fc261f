# Journos: reference Varnish 7 configuration (Debian's varnish package).
#
# Caches what the app marks `Cache-Control: public` for anonymous GETs; passes
# signed-in readers (session cookie), the admin and account pages; accepts
# BAN (sent by journos.core.caching.purge when content changes: every page
# whose X-Cache-Tags names a changed tag goes) only from the app's addresses. Start it with, for example:
#   varnishd -a 127.0.0.1:6081 -f /etc/journos/default.vcl -s malloc,256m
# and set FRONTEND_CACHE_URL=http://127.0.0.1:6081 for the app.
#
# Varnish appends the address it got the request from (nginx's) to
# X-Forwarded-For, after the reader's that nginx appended: with nginx in front,
# set TRUSTED_PROXY_COUNT=2 for the app (one proxy: 1).
vcl 4.1;

import std;

# gunicorn (deploy/gunicorn.conf.py). /healthz tells Varnish whether it is up.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
        .initial = 3;
    }
}

# Who may purge: the machines that run the app (web and worker processes).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Every stored page whose X-Cache-Tags names one of the tags that changed (comma separated).
        if (req.http.X-Cache-Tags !~ "^[a-z0-9:-]+(,[a-z0-9:-]+)*$") {
            return (synth(400, "X-Cache-Tags: tags separated by commas"));
        }
        if (std.ban("obj.http.x-cache-tags ~ ,(" + regsuball(req.http.X-Cache-Tags, ",", "|") + "),")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|account|django-admin)(/|$)" || req.http.Authorization) {
        return (pass);
    }
    # A signed-in reader: their requests all go to the app, and nothing is stored.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Anonymous: other cookies (consent, analytics) change nothing on a public page.
    unset req.http.Cookie;
    # Serve a stale copy for a while if the app is down; otherwise only just-expired ones.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    # http and https answers differ (the app redirects http to https).
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # A refresh of a stale page that fails (the database is down) keeps the stale copy in grace.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Store only what the app marked public, and never a response that sets a cookie.
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Up to 6 hours past its expiry a stored page is still served while the app is sick (vcl_recv).
    set beresp.grace = 6h;
}

# The app does not answer (down, or /healthz says its database is): the site's own "temporarily
# unavailable" page rather than Varnish's "Backend fetch failed". Same words as templates/503.html.
sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);  # keep serving the stale copy
    }
    set beresp.status = 503;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "60";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.X-Content-Type-Options = "nosniff";
    set beresp.http.Content-Security-Policy = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    set beresp.ttl = 0s;
    synthetic({"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Temporarily unavailable</title>
<link rel="stylesheet" href="/static/css/site.css"></head>
<body><main id="main" class="container container--narrow unavailable">
<h1>Temporarily unavailable</h1>
<p>We cannot show this page right now. We are working on it: please try again in a minute.</p>
<p><a href="/">Go to the front page</a></p></main></body></html>
"});
    return (deliver);
}

sub vcl_deliver {
    # What the page shows (journos.core.caching), for bans only: readers need not see it.
    unset resp.http.X-Cache-Tags;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
