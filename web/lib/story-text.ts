/**
 * Scenario text as written, for the facilitator's lists: `{{ query "..." }}` story numbers are
 * filled in only when the inject fires, so before that they read as a placeholder, not code.
 * (Events in words are contract/event-text.ts.)
 * @example withoutTemplates('{{ query "x" | printf "%.0f" }}% failing') // '[live figure]% failing'
 */
export function withoutTemplates(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}/g, '[live figure]');
}
