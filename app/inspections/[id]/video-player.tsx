'use client';

import type { RefObject } from 'react';

/**
 * The uploaded video (served with Range support so seeking works). The parent owns the element
 * through `videoRef` to seek it, and hears the playhead through `onTime`.
 */
export function VideoPlayer({ inspectionId, videoRef, onTime }: { inspectionId: string; videoRef: RefObject<HTMLVideoElement | null>; onTime: (t: number) => void }) {
  return (
    <video
      data-testid="video-player"
      ref={videoRef}
      src={`/api/inspections/${inspectionId}/video`}
      controls
      preload="metadata"
      playsInline
      muted
      onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)}
      onSeeked={(e) => onTime(e.currentTarget.currentTime)}
      className="aspect-video w-full rounded bg-black"
    />
  );
}
