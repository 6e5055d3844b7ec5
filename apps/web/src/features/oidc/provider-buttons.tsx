import type { ProviderSummary } from "@jwt-auth/shared";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { loadProviders } from "./load-providers";
import { oidcErrorMessage, oidcStartUrl } from "./oidc-messages";

/**
 * One `Continue with <name>` button per configured OpenID Connect provider, and the
 * message of a provider login that came back with `?error=`. Leaving for the provider is a
 * full-page navigation: the API answers with a redirect and a flow cookie.
 */
export function ProviderButtons({ returnTo }: { returnTo: string | undefined }) {
  const [providers, setProviders] = useState<ProviderSummary[]>([]);
  const [leaving, setLeaving] = useState<string | null>(null);
  const [params] = useSearchParams();
  const error = oidcErrorMessage(params.get("error"));

  useEffect(() => {
    let live = true;
    void loadProviders().then((list) => live && setProviders(list));
    return () => {
      live = false;
    };
  }, []);

  return (
    <>
      {error && (
        <div role="alert" className="alert alert-error">
          <p>{error}</p>
        </div>
      )}
      {providers.length > 0 && (
        <div className="providers">
          {providers.map((provider) => (
            <button
              key={provider.id}
              type="button"
              className="button button-secondary button-block"
              disabled={leaving !== null}
              aria-busy={leaving === provider.id}
              onClick={() => {
                setLeaving(provider.id);
                window.location.assign(oidcStartUrl(provider.id, returnTo));
              }}
            >
              Continue with {provider.name}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
