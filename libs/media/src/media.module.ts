import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AccessModule } from '@cms/access';
import { ContentModule } from '@cms/content';
import { SchemaModule } from '@cms/schema';
import { AssetsController } from './assets/assets.controller';
import { MediaFiles } from './files/media-files.service';
import { FoldersController } from './folders/folders.controller';
import { MediaFolders } from './folders/folders.service';
import { UploadController } from './http/upload.controller';
import { UploadFilesInterceptor } from './http/upload-files.interceptor';
import { UploadsController } from './http/uploads.controller';
import { ACTIVE_STORAGE, storageProvider } from './storage/storage.provider';
import type { StorageDriver } from './storage/storage-driver';
import { MediaTypes } from './types/media-types-on-start';
import { UploadService } from './upload/upload.service';

/** The media library: uploads, image variants, transforms and storage drivers (CONTRACT §7). */
@Module({
  imports: [SchemaModule, AccessModule, ContentModule],
  controllers: [FoldersController, UploadController, AssetsController, UploadsController],
  providers: [MediaTypes, storageProvider, UploadService, MediaFiles, MediaFolders, UploadFilesInterceptor],
  exports: [MediaTypes],
})
export class MediaModule implements OnApplicationShutdown {
  constructor(@Inject(ACTIVE_STORAGE) private readonly storage: StorageDriver) {}

  onApplicationShutdown(): void {
    this.storage.close?.();
  }
}
