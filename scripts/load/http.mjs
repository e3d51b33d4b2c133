/**
 * The app's HTTP surface as a browser uses it: sign in (better-auth's email endpoint; the
 * session comes back as a cookie) and tus uploads with that cookie.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { signIn as signInShared } from '../sign-in.mjs';

/** Session cookie for email + password (scripts/sign-in.mjs). */
export async function signIn(base, email, password) {
  return (await signInShared(base, email, password)).cookie;
}

/** Upload one file; resolves with the inspection id the server answers on the last PATCH. */
export function uploadVideo({ base, cookie, file, segmentId }) {
  const size = fs.statSync(file).size;
  return new Promise((resolve, reject) => {
    const up = new tus.Upload(fs.createReadStream(file), {
      endpoint: `${base}/api/uploads`,
      uploadSize: size,
      chunkSize: 16 * 1024 * 1024,
      headers: { Cookie: cookie, Origin: base },
      metadata: { filename: path.basename(file), filetype: 'video/mp4', segmentId },
      retryDelays: [0, 1000, 3000],
      onError: reject,
      onSuccess: ({ lastResponse }) => {
        try {
          resolve({ inspectionId: JSON.parse(lastResponse.getBody()).inspectionId, bytes: size });
        } catch (err) {
          reject(new Error(`upload finished without an inspection id: ${lastResponse.getBody()} (${err.message})`));
        }
      },
    });
    up.start();
  });
}
