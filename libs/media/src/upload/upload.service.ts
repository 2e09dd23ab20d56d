import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, DomainError, type AppConfig } from '@cms/core';
import { AccessPlanner, DocumentCommands, type DocumentJson } from '@cms/content';
import type { Actor } from '@cms/identity';
import type { DataSource } from 'typeorm';
import { fileKeys } from '../storage/file-keys';
import { ACTIVE_STORAGE } from '../storage/storage.provider';
import type { StorageDriver } from '../storage/storage-driver';
import { MediaTypes } from '../types/media-types-on-start';
import type { FileInfo } from './file-info';
import { imageJobs, measureImage, renderVariants, type RenderedImage } from './image-variants';
import { ACTIVE_TYPES, inspectFile } from './inspect-file';
import { displayName, generateHash } from './stored-name';

/** An upload multer has written to the temporary folder. */
export interface TempFile {
  readonly path: string;
  readonly originalname: string;
  readonly mimetype: string;
  readonly size: number;
}

/** A format entry of the file object (Strapi's shape), with its WebP twin when there is one. */
interface FormatEntry {
  readonly name: string;
  readonly hash: string;
  readonly ext: string;
  readonly mime: string;
  readonly path: null;
  readonly width: number;
  readonly height: number;
  readonly size: number;
  readonly sizeInBytes: number;
  readonly url: string;
  readonly webp?: Omit<FormatEntry, 'webp' | 'name' | 'path'>;
}

/**
 * The upload pipeline: type by bytes, then the original and its variants to storage, then the
 * rows. All the files of a request land together or not at all: any failure removes what was
 * stored and written so far (the route removes the temporary files).
 */
@Injectable()
export class UploadService {
  private readonly logger = new Logger('Uploads');

  constructor(
    @Inject(ACTIVE_STORAGE) private readonly storage: StorageDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly types: MediaTypes,
    private readonly planner: AccessPlanner,
    private readonly commands: DocumentCommands,
  ) {}

  /**
   * The media permission was decided by the route: the rows are the server's own (hash, url,
   * formats), written through the command service under a plan that reads everything of files.
   */
  async upload(files: readonly TempFile[], infos: readonly FileInfo[], actor: Actor): Promise<DocumentJson[]> {
    const stored: string[] = [];
    const created: DocumentJson[] = [];
    try {
      if (files.length === 0)
        throw DomainError.validation('NO_FILES', 'Send the files in the multipart field "files"', [
          { path: ['files'], message: 'is required', name: 'ValidationError' },
        ]);
      if (infos.length > 1 && infos.length !== files.length)
        throw DomainError.validation('FILE_INFO_COUNT', 'Send one fileInfo, or one per file', [
          {
            path: ['fileInfo'],
            message: `has ${infos.length} entries for ${files.length} files`,
            name: 'ValidationError',
          },
        ]);
      const rows = [];
      for (const [index, file] of files.entries()) {
        rows.push(await this.store(file, infos[infos.length === 1 ? 0 : index] ?? {}, stored));
      }
      const plan = this.planner.trusted(this.types.file);
      for (const data of rows) created.push(await this.commands.create({ actor, plan, data, publish: true }));
      return created;
    } catch (error) {
      await this.discard(
        created.map(({ documentId }) => documentId as string),
        stored,
        actor,
      );
      throw error;
    }
  }

  /** Changes a file's metadata (never its bytes). */
  async update(documentId: string, info: FileInfo, actor: Actor): Promise<DocumentJson> {
    const data: Record<string, unknown> = { ...info };
    if (info.folder !== undefined) Object.assign(data, await this.placement(info.folder));
    const plan = this.planner.trusted(this.types.file);
    return this.commands.update({ actor, plan, documentId, data, publish: true });
  }

  /** Deletes the row (content loses the reference through its foreign keys), then the bytes. */
  async remove(file: DocumentJson, actor: Actor): Promise<void> {
    const plan = this.planner.trusted(this.types.file);
    await this.commands.delete({ actor, plan, documentId: file.documentId as string });
    await this.deleteBytes(file);
  }

  /** Where a file goes: the folder relation and its path (the root when null). */
  async placement(folderId: number | null): Promise<{ folder: number | null; folderPath: string }> {
    if (folderId === null) return { folder: null, folderPath: '/' };
    const [folder] = await this.dataSource.query(`SELECT id, path FROM ${this.types.folder.tableName} WHERE id = ?`, [
      folderId,
    ]);
    if (!folder)
      throw DomainError.validation('UNKNOWN_FOLDER', 'No such folder', [
        { path: ['fileInfo', 'folder'], message: `no folder ${folderId}`, name: 'ValidationError' },
      ]);
    return { folder: folderId, folderPath: folder.path as string };
  }

  private async store(file: TempFile, info: FileInfo, stored: string[]): Promise<Record<string, unknown>> {
    const name = displayName(info.name ?? file.originalname);
    const { mime, ext } = await inspectFile(
      file.path,
      { name: file.originalname, mime: file.mimetype },
      this.config.media.allowedTypes,
    );
    const size = await measureImage(file.path, mime);
    const placement = await this.placement(info.folder ?? null);
    const hash = generateHash(name);
    const put = async (key: string, body: Buffer | Readable, type: string) => {
      stored.push(key);
      await this.storage.put(key, body, {
        mime: type,
        ...(ACTIVE_TYPES.has(type) ? { disposition: 'attachment' as const } : {}),
      });
    };
    await put(`${hash}${ext}`, createReadStream(file.path), mime);
    const formats: Record<string, FormatEntry> = {};
    if (size) {
      const variants = await imageJobs(() => renderVariants(file.path, mime, size));
      for (const variant of variants) {
        const variantHash = `${variant.name}_${hash}`;
        const entry = (image: RenderedImage) => ({
          hash: variantHash,
          ext: image.ext,
          mime: image.mime,
          width: image.width,
          height: image.height,
          size: kilobytes(image.data.length),
          sizeInBytes: image.data.length,
          url: this.storage.urlOf(`${variantHash}${image.ext}`),
        });
        await put(`${variantHash}${variant.image.ext}`, variant.image.data, variant.image.mime);
        if (variant.webp) await put(`${variantHash}${variant.webp.ext}`, variant.webp.data, variant.webp.mime);
        formats[variant.name] = {
          name: `${variant.name}_${name}`,
          path: null,
          ...entry(variant.image),
          ...(variant.webp ? { webp: entry(variant.webp) } : {}),
        };
      }
    }
    return {
      name,
      alternativeText: info.alternativeText ?? null,
      caption: info.caption ?? null,
      width: size?.width ?? null,
      height: size?.height ?? null,
      formats: Object.keys(formats).length > 0 ? formats : null,
      hash,
      ext,
      mime,
      size: kilobytes(file.size),
      url: this.storage.urlOf(`${hash}${ext}`),
      provider: this.storage.provider,
      ...placement,
    };
  }

  private async discard(created: readonly string[], stored: readonly string[], actor: Actor): Promise<void> {
    const plan = this.planner.trusted(this.types.file);
    for (const documentId of created) {
      await this.commands
        .delete({ actor, plan, documentId })
        .catch((error: unknown) =>
          this.logger.error({ err: error, documentId }, 'could not remove the row of a failed upload'),
        );
    }
    await this.storage
      .delete(stored)
      .catch((error: unknown) =>
        this.logger.error({ err: error, keys: stored }, 'could not remove the stored bytes of a failed upload'),
      );
  }

  private async deleteBytes(file: DocumentJson): Promise<void> {
    const hash = file.hash as string;
    const keys = fileKeys({ hash, ext: file.ext, formats: file.formats });
    try {
      await this.storage.delete(keys);
      await this.storage.deletePrefix(`cache/${hash}/`);
    } catch (error) {
      // The row is gone: the bytes are unreachable garbage now, not a dangling reference.
      this.logger.error({ err: error, keys }, 'could not remove the bytes of a deleted file');
    }
  }
}

/** Strapi reports sizes in kilobytes, two decimals. */
function kilobytes(bytes: number): number {
  return Math.round((bytes / 1000) * 100) / 100;
}
