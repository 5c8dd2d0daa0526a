/**
 * What is stored of an upload (ADR 0055): the type sniffed from the bytes;
 * an image decoded and re-encoded by sharp (libvips), which drops every
 * metadata block (EXIF with its GPS position, XMP, IPTC, comments) after
 * turning the image upright, plus a WebP thumbnail of at most 320 px; a PDF
 * as given, after its header check. An image declaring more than
 * `ATTACHMENT_LIMITS.maxPixels` is refused from its header, before any
 * decoding (and sharp's `limitInputPixels` refuses it again if it lied).
 *
 * @module
 */
import type { Metadata, Sharp, SharpOptions } from "sharp";
import { ATTACHMENT_LIMITS, type AttachmentType } from "@kopek/domain";
import { problem, ProblemError } from "@kopek/platform";
import { sniffType } from "./sniff.ts";

type SharpOf = (input: Uint8Array, options: SharpOptions) => Sharp;
let loaded: Promise<SharpOf> | null = null;

/**
 * sharp (its native libvips) loaded at the first image: the processes that import the command
 * API but never take an upload (the `kopek` CLI's export, import, verify) never load it, nor need
 * the permissions it asks for.
 */
function loadSharp(): Promise<SharpOf> {
  return loaded ??= import("sharp").then(({ default: sharp }) => {
    // One libvips thread per image and no cache: the gate bounds how many images run at once.
    sharp.concurrency(1);
    sharp.cache(false);
    return sharp;
  });
}

/** A stored file: its bytes, type and size in pixels (null for a PDF). */
export interface StoredFile {
  readonly bytes: Uint8Array;
  readonly contentType: AttachmentType;
  readonly width: number | null;
  readonly height: number | null;
}

/** What an upload becomes: the file, and its thumbnail when it is an image. */
export interface ProcessedUpload {
  readonly original: StoredFile;
  readonly thumbnail: StoredFile | null;
}

function unsupported(detail: string): ProblemError {
  return new ProblemError(problem(415, detail, { code: "attachment.unsupported_type" }));
}

function tooManyPixels(): ProblemError {
  return new ProblemError(
    problem(
      422,
      `an image may have at most ${ATTACHMENT_LIMITS.maxPixels} pixels`,
      { code: "attachment.image_too_large" },
    ),
  );
}

function overLimit(error: unknown): boolean {
  return String((error as Error)?.message).includes("pixel limit");
}

const SHARP_FORMAT: Record<string, AttachmentType> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
};

/** Checks, cleans and thumbnails an upload's bytes; refuses what Kopek does not keep. */
export async function processUpload(input: Uint8Array): Promise<ProcessedUpload> {
  const type = sniffType(input.subarray(0, 16));
  if (type === null) {
    throw unsupported("the file is not a JPEG, PNG, WebP or PDF (whatever its name or header say)");
  }
  if (type === "application/pdf") {
    return {
      original: { bytes: input, contentType: type, width: null, height: null },
      thumbnail: null,
    };
  }
  const options = { limitInputPixels: ATTACHMENT_LIMITS.maxPixels, failOn: "error" as const };
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    // The header only: nothing is decoded yet.
    meta = await sharp(input, options).metadata();
  } catch (error) {
    // libvips refuses the header of an image over the limit already.
    if (overLimit(error)) throw tooManyPixels();
    throw unsupported("the image cannot be read");
  }
  if (SHARP_FORMAT[meta.format ?? ""] !== type) {
    throw unsupported("the image is not what it starts as");
  }
  if (!meta.width || !meta.height) throw unsupported("the image has no size");
  if (meta.width * meta.height > ATTACHMENT_LIMITS.maxPixels || (meta.pages ?? 1) > 1) {
    throw tooManyPixels();
  }
  try {
    // rotate(): upright by the EXIF orientation; sharp keeps no metadata unless asked to.
    const base = sharp(input, options).rotate();
    const encoded = type === "image/jpeg"
      ? base.jpeg({ quality: 85 })
      : type === "image/png"
      ? base.png()
      : base.webp({ quality: 85 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const side = ATTACHMENT_LIMITS.thumbnailSide;
    const thumb = await sharp(data, options)
      .resize(side, side, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer({ resolveWithObject: true });
    return {
      original: {
        bytes: new Uint8Array(data),
        contentType: type,
        width: info.width,
        height: info.height,
      },
      thumbnail: {
        bytes: new Uint8Array(thumb.data),
        contentType: "image/webp",
        width: thumb.info.width,
        height: thumb.info.height,
      },
    };
  } catch (error) {
    if (overLimit(error)) throw tooManyPixels();
    throw unsupported("the image cannot be decoded");
  }
}
