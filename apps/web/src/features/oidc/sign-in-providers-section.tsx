import type { LinkedIdentity, ProviderSummary } from "@jwt-auth/shared";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { ConfirmDialog } from "../../lib/confirm/confirm-dialog";
import { describeFailure, type MessageOverrides } from "../../lib/problem-message";
import { VerifyEmailFirst } from "../../lib/verify-email-first";
import { fetchIdentities, startLink, unlinkIdentity } from "./identities-api";
import { loadProviders } from "./load-providers";
import { oidcErrorMessage } from "./oidc-messages";

const linkedOn = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

const overrides: MessageOverrides = {
  reauthentication_required:
    "For your security, log out and log in again, then try this within a few minutes.",
  last_credential:
    "This is your only way to log in. Set a password on your profile, or link another provider, first.",
  not_found: "That provider is not available any more. Reload the page.",
};

/**
 * "Sign-in providers" on the security page: the OpenID Connect identities linked to this
 * account, a `Link <name>` button for each configured provider not linked yet, and
 * `Unlink <name>` for each linked one. Linking leaves for the provider and comes back here.
 */
export function SignInProvidersSection() {
  const [providers, setProviders] = useState<ProviderSummary[]>([]);
  const [identities, setIdentities] = useState<LinkedIdentity[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // Counts `email_not_verified` refusals: each one shows the notice, and moves focus to it.
  const [unverified, setUnverified] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [asking, setAsking] = useState<LinkedIdentity | null>(null);
  const [params] = useSearchParams();
  const returned = oidcErrorMessage(params.get("error"));

  // Bumped after an unlink, to load the list again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void loadProviders().then((list) => live && setProviders(list));
    fetchIdentities().then(
      (list) => live && setIdentities(list),
      (error: unknown) => live && setMessage(describeFailure(error).message),
    );
    return () => {
      live = false;
    };
  }, [version]);

  const nameOf = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  const fail = (error: unknown) => {
    const failure = describeFailure(error, overrides);
    if (failure.code === "email_not_verified") setUnverified((previous) => previous + 1);
    else setMessage(failure.message);
    setBusy(null);
  };

  async function onLink(provider: string) {
    setBusy(provider);
    setMessage(null);
    try {
      window.location.assign(await startLink(provider));
    } catch (error) {
      fail(error);
    }
  }

  async function onUnlink(identity: LinkedIdentity) {
    setBusy(identity.id);
    setMessage(null);
    try {
      await unlinkIdentity(identity.id);
      setVersion((previous) => previous + 1);
      setBusy(null);
    } catch (error) {
      fail(error);
    }
  }

  const linked = new Set(identities?.map((i) => i.provider));
  const error = message ?? returned;
  if (providers.length === 0 && (identities?.length ?? 0) === 0) return null;

  return (
    <section className="section" aria-labelledby="sign-in-providers-heading">
      <h2 id="sign-in-providers-heading">Sign-in providers</h2>
      <p className="muted">Log in with an account you already have elsewhere.</p>
      {unverified > 0 && <VerifyEmailFirst key={unverified} />}
      {error && (
        <div role="alert" className="alert alert-error">
          <p>{error}</p>
        </div>
      )}
      {identities === null ? (
        <p className="hint">Loading…</p>
      ) : (
        <ul className="list">
          {identities.map((identity) => (
            <li key={identity.id}>
              <span>
                {nameOf(identity.provider)}
                {identity.email && <span className="muted"> · {identity.email}</span>}
                <span className="muted">
                  {" "}
                  · linked {linkedOn.format(new Date(identity.linkedAt))}
                </span>
              </span>
              <button
                type="button"
                className="button button-secondary"
                disabled={busy !== null}
                aria-busy={busy === identity.id}
                onClick={() => setAsking(identity)}
              >
                Unlink {nameOf(identity.provider)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {asking && (
        <ConfirmDialog
          title={`Unlink ${nameOf(asking.provider)}?`}
          confirmLabel={`Unlink ${nameOf(asking.provider)}`}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            const identity = asking;
            setAsking(null);
            void onUnlink(identity);
          }}
        >
          <p>
            You can no longer log in with {nameOf(asking.provider)}
            {asking.email ? ` (${asking.email})` : ""}. You can link it again later.
          </p>
        </ConfirmDialog>
      )}
      <div className="actions">
        {providers
          .filter((p) => !linked.has(p.id))
          .map((p) => (
            <button
              key={p.id}
              type="button"
              className="button button-secondary"
              disabled={busy !== null || identities === null}
              aria-busy={busy === p.id}
              onClick={() => void onLink(p.id)}
            >
              Link {p.name}
            </button>
          ))}
      </div>
    </section>
  );
}
