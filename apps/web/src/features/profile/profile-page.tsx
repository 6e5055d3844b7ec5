import { pageTitle } from "@jwt-auth/shared";
import type { UserProfile } from "@jwt-auth/shared";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { paths } from "../../lib/paths";
import { useSessionUserId } from "../../lib/use-session";
import { ChangePasswordForm } from "./change-password-form";
import { EditableRow } from "./editable-row";
import { EditNameForm } from "./edit-name-form";
import { SessionActions } from "./session-actions";
import { useProfile } from "./use-profile";

const memberSince = new Intl.DateTimeFormat(undefined, { dateStyle: "long" });

interface ProfilePageProps {
  /**
   * The form that changes the email (another feature's, composed in by the app), given the
   * function that closes it, with a notice of what happened when it did something.
   */
  changeEmail?: (close: (notice?: string) => void) => ReactNode;
}

/** Loaded lazily: none of this ships with the login page. */
export function ProfilePage({ changeEmail }: ProfilePageProps) {
  // Another tab may log in as someone else: a new user id remounts the page, which refetches.
  const userId = useSessionUserId();
  return <ProfileView key={userId ?? ""} changeEmail={changeEmail} />;
}

function AccountDetails({
  profile,
  changeEmail,
  onSaved,
  onNotice,
}: ProfilePageProps & {
  profile: UserProfile;
  onSaved: (profile: UserProfile) => void;
  onNotice: (notice: string) => void;
}) {
  return (
    <section className="panel" aria-labelledby="details-heading">
      <h2 id="details-heading">Account details</h2>
      <dl className="rows">
        <EditableRow label="Name" value={profile.name} action="Edit" subject="name">
          {(close) => (
            <EditNameForm
              profile={profile}
              onCancel={close}
              onSaved={(saved) => {
                onSaved(saved);
                onNotice("Your name has been saved.");
                close();
              }}
            />
          )}
        </EditableRow>
        {changeEmail ? (
          <EditableRow label="Email" value={profile.email} action="Change" subject="email">
            {(close) =>
              changeEmail((notice) => {
                if (notice) onNotice(notice);
                close();
              })
            }
          </EditableRow>
        ) : (
          <div className="row">
            <dt>Email</dt>
            <dd>{profile.email}</dd>
          </div>
        )}
        <EditableRow
          label="Password"
          value={
            profile.hasPassword ? (
              <>
                <span aria-hidden="true">••••••••••</span>
                <span className="visually-hidden">Set</span>
              </>
            ) : (
              <span className="muted">None yet: you sign in through a provider</span>
            )
          }
          {...(profile.hasPassword
            ? { action: "Change", subject: "password" }
            : { action: "Set a password" })}
        >
          {(close) => (
            <ChangePasswordForm
              email={profile.email}
              hasPassword={profile.hasPassword}
              onCancel={close}
              onChanged={() => {
                onNotice(
                  profile.hasPassword
                    ? "Your password has been changed. You are still logged in here; your other devices have been logged out."
                    : "Your password has been set. You can now also log in with your email and password.",
                );
                onSaved({ ...profile, hasPassword: true });
                close();
              }}
            />
          )}
        </EditableRow>
        <div className="row">
          <dt>Member since</dt>
          <dd>
            <time dateTime={profile.createdAt}>
              {memberSince.format(new Date(profile.createdAt))}
            </time>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function ProfileView({ changeEmail }: ProfilePageProps) {
  const { state, retry, setProfile } = useProfile();
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div className="stack" aria-busy={state.status === "loading"}>
      <title>{pageTitle("Your profile")}</title>
      <div className="page-heading">
        <h1>Your profile</h1>
        <p className="lede">Your details and how you sign in.</p>
      </div>
      {/* Always rendered, so screen readers are already listening when a message arrives. */}
      <div role="status">{notice && <p className="notice">{notice}</p>}</div>
      {state.status === "loading" && (
        <section className="panel" aria-label="Account details">
          <p className="hint">Loading your profile…</p>
          <div className="skeleton" aria-hidden="true">
            <span />
            <span />
            <span />
          </div>
        </section>
      )}
      {state.status === "failed" && (
        <div role="alert" className="alert alert-error">
          <p>{state.message}</p>
          <button type="button" className="button button-secondary" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {state.status === "ready" && (
        <AccountDetails
          profile={state.profile}
          changeEmail={changeEmail}
          onSaved={setProfile}
          onNotice={setNotice}
        />
      )}
      <section className="panel panel-link" aria-labelledby="security-link-heading">
        <h2 id="security-link-heading">
          <Link to={paths.security}>Security</Link>
        </h2>
        <p className="muted">
          Where you are signed in, two-factor authentication, passkeys, sign-in providers, your
          activity and your data.
        </p>
      </section>
      <SessionActions />
    </div>
  );
}
