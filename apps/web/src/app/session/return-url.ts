// Only paths inside this app are followed after logging in, never another site ("//evil.example").
export function safeReturnUrl(candidate: string | null | undefined, fallback = '/events'): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) {
    return fallback;
  }
  return candidate;
}
