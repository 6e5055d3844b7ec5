/**
 * The provider's side of a browser, for tests: follows the redirects of a real
 * oidc-provider with its own cookie jar, fills in the development login page, and stops at
 * the first redirect that leaves the provider (the app's callback). Nothing is faked: the
 * provider checks PKCE, the client, the redirect URI and issues a signed ID token.
 */
export class ProviderBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly issuer: string) {}

  /** Logs in as `login` at the provider and returns the URL it sends the browser back to. */
  async signIn(authorizationUrl: string, login: string): Promise<URL> {
    let url = new URL(authorizationUrl);
    for (let hop = 0; hop < 10; hop += 1) {
      if (url.origin !== new URL(this.issuer).origin) return url;
      const res = await this.request(url);
      const location = res.headers.get("location");
      if (location) {
        url = new URL(location, url);
        continue;
      }
      const html = await res.text();
      const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(html);
      if (!form?.[1]) throw new Error(`no login form at ${url.pathname}: ${res.status}`);
      const action = new URL(form[1].replace(/&amp;/g, "&"), url);
      const post = await this.request(
        action,
        new URLSearchParams({ prompt: "login", login, password: "any" }),
      );
      const next = post.headers.get("location");
      if (!next) throw new Error(`the login form did not redirect: ${post.status}`);
      url = new URL(next, action);
    }
    throw new Error("too many redirects at the provider");
  }

  private async request(url: URL, form?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    }
    const res = await fetch(url, {
      method: form ? "POST" : "GET",
      headers: form ? { ...headers, "content-type": "application/x-www-form-urlencoded" } : headers,
      ...(form ? { body: form.toString() } : {}),
      redirect: "manual",
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}
