import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { StorageConfig } from '@cms/core';
import { Readable } from 'node:stream';
import { assertKey, type PutOptions, type StorageDriver, type StoredObject } from './storage-driver';

type S3Config = Extract<StorageConfig, { driver: 's3' }>;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Files in an S3-compatible bucket (AWS, MinIO, R2...). Uploads stream in parts; the object only
 * exists once the upload completes, so a failed one leaves nothing (its parts are aborted).
 */
export class S3Storage implements StorageDriver {
  readonly provider = 'aws-s3';
  private readonly client: S3Client;

  constructor(
    private readonly config: S3Config,
    private readonly publicUrl: string | undefined,
  ) {
    const options: S3ClientConfig = {
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.accessKeyId && config.secretAccessKey
        ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
        : {}),
    };
    this.client = new S3Client(options);
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions): Promise<void> {
    assertKey(key);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.config.bucket,
        Key: key,
        Body: body,
        ContentType: options.mime,
        CacheControl: IMMUTABLE,
        ...(options.disposition ? { ContentDisposition: options.disposition } : {}),
      },
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async get(key: string): Promise<StoredObject | undefined> {
    assertKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return { body: object.Body as Readable, size: Number(object.ContentLength ?? 0) };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000);
      batch.forEach(assertKey);
      if (batch.length === 0) continue;
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.config.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    let token: string | undefined;
    do {
      const listed = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      await this.delete((listed.Contents ?? []).map((object) => object.Key!).filter(Boolean));
      token = listed.IsTruncated ? listed.NextContinuationToken : undefined;
    } while (token);
  }

  urlOf(key: string): string {
    if (this.publicUrl) return `${this.publicUrl}/${key}`;
    const endpoint = this.config.endpoint?.replace(/\/+$/, '');
    if (endpoint && this.config.forcePathStyle) return `${endpoint}/${this.config.bucket}/${key}`;
    if (endpoint) {
      const url = new URL(endpoint);
      return `${url.protocol}//${this.config.bucket}.${url.host}/${key}`;
    }
    return `https://${this.config.bucket}.s3.${this.config.region}.amazonaws.com/${key}`;
  }

  close(): void {
    this.client.destroy();
  }
}
