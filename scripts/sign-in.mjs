/**
 * Scripts that talk to a running dashboard sign in like a browser: POST /api/auth/sign-in/email
 * and keep the session cookie. Credentials come from SEWER_USER_EMAIL / SEWER_USER_PASSWORD,
 * falling back to the first-run administrator's SEWER_ADMIN_EMAIL / SEWER_ADMIN_PASSWORD.
 */
export async function signIn(base, email = process.env.SEWER_USER_EMAIL ?? process.env.SEWER_ADMIN_EMAIL, password = process.env.SEWER_USER_PASSWORD ?? process.env.SEWER_ADMIN_PASSWORD) {
  if (!email || !password) throw new Error('set SEWER_USER_EMAIL and SEWER_USER_PASSWORD (or SEWER_ADMIN_EMAIL / SEWER_ADMIN_PASSWORD) to sign in');
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (!cookies.length) throw new Error('sign-in returned no session cookie');
  return { cookie: cookies.join('; ') };
}
