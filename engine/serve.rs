//! `drillhall serve`: the built web hall (web/dist) over HTTP on this machine, for trying it and
//! for its browser test. A static file server and nothing more: GET and HEAD, files under the
//! folder only, the right types (browsers compile wasm only as `application/wasm`), and the
//! brotli or gzip copy the build wrote where the browser takes it.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// The page's policy, also sent as a header (the page carries it as a meta tag for static
/// hosts that cannot set headers).
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; media-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// Serve `root` on `listener` until the process ends.
pub fn serve(root: &Path, listener: TcpListener) -> std::io::Result<()> {
    let root = root.canonicalize()?;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = root.clone();
        std::thread::spawn(move || {
            // A client that goes away mid-answer is not an error of the server.
            let _ = answer(&root, stream);
        });
    }
    Ok(())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a request path names under `root`, or `None` for anything outside it.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    (!s.contains('\0') && !s.contains('\\')).then_some(s)
}

fn answer(root: &Path, stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut accept_encoding = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("accept-encoding")
        {
            accept_encoding = v.trim().to_ascii_lowercase();
        }
    }
    let mut parts = first.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return status(&mut out, "405 Method Not Allowed", "GET and HEAD only\n");
    }
    let Some(path) = resolve(root, target).filter(|p| p.starts_with(root) && p.is_file()) else {
        return status(&mut out, "404 Not Found", "not found\n");
    };
    // The compressed copy the build wrote, where the browser accepts it.
    let mut body_path = path.clone();
    let mut encoding = None;
    for (enc, ext) in [("br", "br"), ("gzip", "gz")] {
        let pre = PathBuf::from(format!("{}.{ext}", path.display()));
        if accept_encoding
            .split(',')
            .any(|e| e.trim().starts_with(enc))
            && pre.is_file()
        {
            body_path = pre;
            encoding = Some(enc);
            break;
        }
    }
    let body = std::fs::read(&body_path)?;
    let mut head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\nVary: Accept-Encoding\r\nConnection: close\r\n",
        content_type(&path),
        body.len()
    );
    if let Some(e) = encoding {
        head.push_str(&format!("Content-Encoding: {e}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    if method == "GET" {
        out.write_all(&body)?;
    }
    out.flush()
}

fn status(out: &mut TcpStream, line: &str, body: &str) -> std::io::Result<()> {
    write!(
        out,
        "HTTP/1.1 {line}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use std::path::Path;

    #[test]
    fn serve_refuses_paths_outside_its_folder() {
        let root = Path::new("/srv/site");
        assert_eq!(resolve(root, "/a.js?v=1"), Some(root.join("a.js")));
        assert_eq!(resolve(root, "/x%20y.json"), Some(root.join("x y.json")));
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/secret",
            "/%00",
            "/%zz",
            "/a%5c..%5cb",
        ] {
            assert_eq!(resolve(root, bad), None, "{bad}");
        }
    }
}
