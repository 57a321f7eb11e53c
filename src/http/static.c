/* SPDX-License-Identifier: MIT */
/* Static files with content types and caching headers; never a path outside the web root. */
#include "http/static.h"

#include "core/embedded.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static int safe_path(const char *p)
{
    return p[0] == '/' && !strstr(p, "..") && !strchr(p, '\\') && strlen(p) < 256;
}

static int from_disk(const char *root, const char *path, struct resp *w)
{
    char full[1024];
    struct stat sb;
    FILE *f;

    snprintf(full, sizeof full, "%s%s", root, path);
    if (stat(full, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > 64 * 1024 * 1024)
        return -1;
    f = fopen(full, "rb");
    if (!f)
        return -1;
    w->body = xmalloc((size_t)sb.st_size + 1);
    w->body_len = fread(w->body, 1, (size_t)sb.st_size, f);
    fclose(f);
    return 0;
}

static const struct embedded_file *embedded(const char *path)
{
    for (int i = 0; embedded_web[i].name; i++)
        if (strcmp(embedded_web[i].name, path) == 0)
            return &embedded_web[i];
    return NULL;
}

void static_serve(struct req *r, struct resp *w)
{
    const char *path = r->path;
    const char *root = r->app->cfg.web_dir;
    int is_index;

    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
        struct err err = ERR_INIT;
        err_set(&err, UPT_ENOTFOUND, "no such page '%s'", path);
        resp_error(w, &err);
        return;
    }
    /* The TV board is its own small page: /tv/{slug}. */
    if (strncmp(path, "/tv/", 4) == 0 && safe_path(path) && !strchr(path + 4, '.'))
        path = "/tv.html";
    else if (strcmp(path, "/") == 0 || (safe_path(path) && !strchr(strrchr(path, '/'), '.')))
        path = "/index.html";
    is_index = strcmp(path, "/index.html") == 0 || strcmp(path, "/tv.html") == 0;
    resp_release(w);
    if (safe_path(path)) {
        if (root[0] && from_disk(root, path, w) == 0) {
            /* served from the development folder */
        } else {
            /* Vendor libraries are always the embedded ones, also with --web-dir. */
            const struct embedded_file *f = embedded(path);
            if (f) {
                w->body = (char *)f->data;
                w->body_len = f->len;
                w->body_static = 1;
            }
        }
    }
    if (!w->body) {
        struct err err = ERR_INIT;
        err_set(&err, UPT_ENOTFOUND, "no such file '%s'", r->path);
        resp_error(w, &err);
        return;
    }
    w->status = 200;
    w->content_type = content_type(path);
    /* The page itself is always revalidated; assets are versioned by the page that loads them. */
    resp_header(w, r, "Cache-Control", is_index ? "no-cache" : "public, max-age=3600");
    resp_header(w, r, "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}
