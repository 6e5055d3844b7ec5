import { checkPasswordRules } from "@jwt-auth/shared";
import { useEffect, useState } from "react";
import { loadCommonPasswords } from "./common-passwords";

type IsCommon = ((lowered: string) => boolean) | null;

/**
 * The shared password rules as a checklist under a new-password field, checked as the user
 * types. The common-password list loads when they start typing. Without an email (a reset
 * link does not say whose account it is) the server alone checks that rule.
 */
export function PasswordRules({ id, value, email }: { id: string; value: string; email?: string }) {
  const [isCommon, setIsCommon] = useState<IsCommon>(null);
  const typing = value !== "";

  useEffect(() => {
    if (!typing || isCommon !== null) return;
    let live = true;
    loadCommonPasswords().then(
      (check) => live && setIsCommon(() => check),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [typing, isCommon]);

  const rules = checkPasswordRules(value, email ?? "", isCommon).filter(
    (rule) => rule.id !== "email" || email !== undefined,
  );
  return (
    <ul id={id} className="rules">
      {rules.map((rule) => {
        const state = !typing || rule.met === null ? "pending" : rule.met ? "met" : "unmet";
        return (
          <li key={rule.id} className={`rule rule-${state}`}>
            <RuleIcon state={state} />
            {rule.label}
            {state !== "pending" && (
              <span className="visually-hidden">{state === "met" ? ": yes" : ": not yet"}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function RuleIcon({ state }: { state: "pending" | "met" | "unmet" }) {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {state === "met" ? (
        <path
          d="M3.5 8.5l3 3 6-7"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      ) : state === "unmet" ? (
        <path
          d="M4.5 4.5l7 7m0-7l-7 7"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        />
      ) : (
        <circle cx="8" cy="8" r="2.5" fill="currentColor" />
      )}
    </svg>
  );
}
