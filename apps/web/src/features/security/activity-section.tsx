import { describeActivity } from "./describe-activity";
import { relativeTime } from "./relative-time";
import { useActivity } from "./use-activity";

const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The security log as a timeline: what happened, from where, and when. */
export function ActivitySection() {
  const activity = useActivity();
  return (
    <section className="section" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Activity</h2>
      <p className="muted">Sign-ins and changes to your account, newest first.</p>
      {activity.error && (
        <div role="alert" className="alert alert-error">
          <p>{activity.error}</p>
        </div>
      )}
      <ol className="timeline" aria-label="Account activity">
        {activity.events.map((event) => (
          <li key={event.id}>
            <p>
              {describeActivity(event)},{" "}
              <time dateTime={event.at} title={exact.format(new Date(event.at))}>
                {relativeTime(event.at)}
              </time>
            </p>
            {event.ip && <p className="muted">{event.ip}</p>}
          </li>
        ))}
      </ol>
      {activity.loading && <p className="hint">Loading activity…</p>}
      {!activity.loading && activity.events.length === 0 && !activity.error && (
        <p className="hint">Nothing yet.</p>
      )}
      <div className="actions">
        {activity.next && (
          <button
            type="button"
            className="button button-secondary"
            disabled={activity.loading}
            onClick={activity.loadMore}
          >
            Show older activity
          </button>
        )}
        <button
          type="button"
          className="button button-secondary"
          disabled={activity.loading}
          onClick={activity.reload}
        >
          Refresh
        </button>
      </div>
    </section>
  );
}
