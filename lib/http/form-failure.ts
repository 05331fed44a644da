// How a server action reports a failure to its form: the HTTP status (set on the response by the caller), the
// message beside each field it concerns, and otherwise one alert. Internal field names never reach the person.
import { ZodError } from "zod";
import { AppError, toErrorResponse } from "@/lib/core/errors";

export interface FormAlert {
  title: string;
  message: string;
  tone: "warning" | "error";
}

export interface FormFailure {
  status: number;
  fieldErrors: Record<string, string>;
  alert: FormAlert | null;
}

const TITLES: Record<number, string> = {
  400: "That request could not be read",
  401: "Sign in to continue",
  403: "Not allowed",
  404: "Not found",
  409: "Already done",
  422: "Check the form",
  429: "Too many requests",
  503: "Temporarily unavailable",
};

export function formFailure(err: unknown, fields: readonly string[]): FormFailure {
  const { status, body } = toErrorResponse(err);
  if (err instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of err.issues) {
      const field = String(issue.path[0] ?? "");
      if (fields.includes(field) && !fieldErrors[field]) fieldErrors[field] = issue.message;
    }
    if (Object.keys(fieldErrors).length > 0) return { status, fieldErrors, alert: null };
    return { status, fieldErrors, alert: { title: TITLES[422], message: err.issues[0]?.message ?? "Invalid input", tone: "warning" } };
  }
  if (err instanceof AppError && err.field && fields.includes(err.field) && status === 422) {
    return { status, fieldErrors: { [err.field]: err.message }, alert: null };
  }
  return {
    status,
    fieldErrors: {},
    alert: {
      title: TITLES[status] ?? "Something went wrong",
      message: body.error.message,
      tone: status === 403 || status === 404 || status === 429 ? "warning" : "error",
    },
  };
}
