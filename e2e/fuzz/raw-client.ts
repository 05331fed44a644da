// The route fuzz's HTTP client: node:http on a keep-alive agent, sending what Playwright's request.fetch sent before
// (the URL resolved against the base URL, Playwright's default accept and accept-encoding headers, a content-length,
// no redirect followed, the body decompressed before it is read). Playwright's client cost about 15 ms of CPU per
// request (each goes through its driver and protocol), as much as many of the server's answers; this costs about
// one. Decision 038.
import http from "node:http";
import zlib from "node:zlib";

export interface RawRequest {
  method: string;
  /** Path and query as the fuzz wrote them; resolved against the base URL like a browser or Playwright would. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
}

export interface RawResponse {
  status: number;
  /** The decoded body ("" for HEAD). */
  text: string;
}

const DEFAULT_HEADERS = { "user-agent": "warden-route-fuzz", accept: "*/*", "accept-encoding": "gzip,deflate,br" };

export class RawClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(baseURL: string, sockets: number) {
    this.base = new URL(baseURL);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(r: RawRequest): Promise<RawResponse> {
    // The WHATWG URL parser is what Playwright applied (`new URL(path, baseURL)`), dot segments and all.
    const url = new URL(r.path, this.base);
    // Lower-case names, later ones winning, as Playwright's setHeader did; so a fuzz case's header replaces a default.
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...DEFAULT_HEADERS, ...r.headers })) headers[k.toLowerCase()] = v;
    if (r.body) headers["content-length"] = String(r.body.byteLength);
    return new Promise((resolve, reject) => {
      const req = http.request(
        { agent: this.agent, host: url.hostname, port: url.port, method: r.method, path: url.pathname + url.search, headers, timeout: r.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            try {
              resolve({
                status: res.statusCode ?? 0,
                text: r.method === "HEAD" ? "" : decode(Buffer.concat(chunks), res.headers["content-encoding"]),
              });
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${r.timeoutMs} ms`)));
      req.on("error", reject);
      req.end(r.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function decode(body: Buffer, encoding: string | undefined): string {
  if (body.length === 0) return "";
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib.gunzipSync(body).toString("utf8");
    case "br":
      return zlib.brotliDecompressSync(body).toString("utf8");
    case "deflate":
      return zlib.inflateSync(body).toString("utf8");
    default:
      return body.toString("utf8");
  }
}
