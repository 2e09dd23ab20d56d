import { Module } from '@nestjs/common';
import { AssetsController } from './assets/assets.controller';
import { MediaFiles } from './files/media-files.service';
import { FoldersController } from './folders/folders.controller';
import { MediaFolders } from './folders/folders.service';
import { UploadController } from './http/upload.controller';
import { UploadFilesInterceptor } from './http/upload-files.interceptor';
import { UploadsController } from './http/uploads.controller';
import { storageProvider } from './storage/storage.provider';
import { MediaTypes } from './types/media-types-on-start';
import { UploadService } from './upload/upload.service';

/** The media library: uploads, image variants, transforms and storage drivers (CONTRACT §7). */
@Module({
  controllers: [FoldersController, UploadController, AssetsController, UploadsController],
  providers: [MediaTypes, storageProvider, UploadService, MediaFiles, MediaFolders, UploadFilesInterceptor],
  exports: [MediaTypes],
})
export class MediaModule {}
