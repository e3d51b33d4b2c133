'use client';

import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import * as tus from 'tus-js-client';

type State = { phase: 'idle' } | { phase: 'uploading' | 'paused'; sent: number; total: number } | { phase: 'error'; message: string } | { phase: 'done' };

function mb(n: number) {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Resumable upload (tus): survives reloads and network drops; resumes from the last byte the server has. */
export function UploadWidget({ segmentId }: { segmentId: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const uploadRef = useRef<tus.Upload | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  function start() {
    const file = fileRef.current?.files?.[0];
    if (!file) return setState({ phase: 'error', message: 'Choose a video file first.' });
    const upload = new tus.Upload(file, {
      endpoint: '/api/uploads',
      chunkSize: 16 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      removeFingerprintOnSuccess: true,
      metadata: { filename: file.name, filetype: file.type, segmentId },
      onProgress: (sent, total) => setState({ phase: 'uploading', sent, total }),
      onError: (err) => {
        const body = (err as tus.DetailedError).originalResponse?.getBody();
        let message = err.message;
        try {
          message = body ? (JSON.parse(body) as { error?: string }).error ?? message : message;
        } catch {
          // body was not JSON: keep the client's message
        }
        setState({ phase: 'error', message: `Upload failed: ${message}` });
      },
      onSuccess: (payload) => {
        setState({ phase: 'done' });
        const body = payload.lastResponse.getBody();
        const id = body ? (JSON.parse(body) as { inspectionId?: string }).inspectionId : undefined;
        router.push(id ? `/inspections/${id}` : '/');
      },
    });
    uploadRef.current = upload;
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      setState({ phase: 'uploading', sent: 0, total: file.size });
      upload.start();
    });
  }

  const pct = 'sent' in state && state.total > 0 ? (100 * state.sent) / state.total : 0;
  return (
    <div className="space-y-3 rounded bg-white p-5 shadow-sm">
      <h2 className="font-semibold">Upload CCTV video</h2>
      <p className="text-xs text-slate-600">MP4/H.264, AVI (MPEG-2/MPEG-4), MOV, MKV… Large files are fine: the upload resumes where it stopped.</p>
      <div className="flex flex-wrap items-center gap-3">
        <input ref={fileRef} type="file" accept="video/*,.avi,.mkv,.mpg,.mpeg,.mov,.mp4,.m4v,.wmv" data-testid="video-input" className="text-sm" />
        <button onClick={start} disabled={state.phase === 'uploading'} className="rounded bg-teal-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-teal-600 disabled:opacity-50">
          Upload
        </button>
        {state.phase === 'uploading' ? (
          <button onClick={() => { uploadRef.current?.abort(); setState({ ...state, phase: 'paused' }); }} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Pause</button>
        ) : null}
        {state.phase === 'paused' ? (
          <button onClick={() => { uploadRef.current?.start(); setState({ ...state, phase: 'uploading' }); }} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Resume</button>
        ) : null}
      </div>
      {'sent' in state ? (
        <div>
          <div className="h-2 w-full overflow-hidden rounded bg-slate-200">
            <div className="h-2 bg-teal-600 transition-all" style={{ width: `${pct}%` }} role="progressbar" aria-valuenow={Math.round(pct)} data-testid="upload-progress" />
          </div>
          <div className="mt-1 text-xs text-slate-600 tabular-nums">{mb(state.sent)} / {mb(state.total)} ({pct.toFixed(0)} %){state.phase === 'paused' ? ' — paused' : ''}</div>
        </div>
      ) : null}
      {state.phase === 'error' ? <p className="text-sm text-red-700" role="alert">{state.message}</p> : null}
      {state.phase === 'done' ? <p className="text-sm text-emerald-700">Uploaded — opening the inspection…</p> : null}
    </div>
  );
}
