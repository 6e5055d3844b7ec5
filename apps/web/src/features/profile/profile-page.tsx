import type { UserProfile } from "@jwt-auth/shared";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { paths } from "../../lib/paths";
import { useSessionUserId } from "../../lib/use-session";
import { ChangePasswordForm } from "./change-password-form";
import { EditNameForm } from "./edit-name-form";
import { SessionActions } from "./session-actions";
import { useProfile } from "./use-profile";

const memberSince = new Intl.DateTimeFormat(undefined, { dateStyle: "long" });

interface ProfilePageProps {
  /** Sections other features add below the profile's own (the app composes them). */
  sections?: ReactNode;
}

/** Loaded lazily: none of this ships with the login page. */
export function ProfilePage({ sections }: ProfilePageProps) {
  // Another tab may log in as someone else: a new user id remounts the page, which refetches.
  const userId = useSessionUserId();
  return <ProfileView key={userId ?? ""} sections={sections} />;
}

function ProfileDetails({ profile }: { profile: UserProfile }) {
  return (
    <dl className="details">
      <div>
        <dt>Name</dt>
        <dd>{profile.name}</dd>
      </div>
      <div>
        <dt>Email</dt>
        <dd>{profile.email}</dd>
      </div>
      <div>
        <dt>Member since</dt>
        <dd>
          <time dateTime={profile.createdAt}>
            {memberSince.format(new Date(profile.createdAt))}
          </time>
        </dd>
      </div>
    </dl>
  );
}

function ProfileView({ sections }: ProfilePageProps) {
  const { state, retry, setProfile } = useProfile();
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div className="card card-wide" aria-busy={state.status === "loading"}>
      <title>Your profile · JWT auth</title>
      <h1>Your profile</h1>
      {state.status === "loading" && <p className="hint">Loading your profile…</p>}
      {state.status === "failed" && (
        <div role="alert" className="alert alert-error">
          <p>{state.message}</p>
          <button type="button" className="button button-secondary" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {/* Always rendered, so screen readers are already listening when a message arrives. */}
      <div role="status">{notice && <p className="notice">{notice}</p>}</div>
      {state.status === "ready" && (
        <>
          <ProfileDetails profile={state.profile} />
          <EditNameForm
            profile={state.profile}
            onSaved={(profile) => {
              setProfile(profile);
              setNotice("Your name has been saved.");
            }}
          />
          <ChangePasswordForm
            email={state.profile.email}
            onChanged={() =>
              setNotice(
                "Your password has been changed. You are still logged in here; your other devices have been logged out.",
              )
            }
          />
          {sections}
        </>
      )}
      <p>
        <Link to={paths.security}>
          Security: sessions, two-factor, passkeys, sign-in providers, activity and your data
        </Link>
      </p>
      <SessionActions />
    </div>
  );
}
