import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UploadFileFormat {
  @ApiProperty() name!: string;
  @ApiProperty() hash!: string;
  @ApiProperty({ example: '.jpg' }) ext!: string;
  @ApiProperty({ example: 'image/jpeg' }) mime!: string;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty({ description: 'Kilobytes' }) size!: number;
  @ApiProperty() sizeInBytes!: number;
  @ApiProperty() url!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The same variant in WebP' })
  webp?: Record<string, unknown>;
}

/** The file object, in the shape of Strapi v5's upload plugin (named after the content schemas' reference). */
export class UploadFile {
  @ApiProperty() id!: number;
  @ApiProperty() documentId!: string;
  @ApiProperty({ description: 'The display name (metadata only: files are stored under their hash)' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) alternativeText!: string | null;
  @ApiProperty({ nullable: true, type: String }) caption!: string | null;
  @ApiProperty({ nullable: true, type: Number }) width!: number | null;
  @ApiProperty({ nullable: true, type: Number }) height!: number | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/UploadFileFormat' },
    description: 'Image variants: thumbnail, small, medium, large (only those smaller than the original)',
  })
  formats!: Record<string, UploadFileFormat> | null;
  @ApiProperty() hash!: string;
  @ApiProperty({ example: '.jpg' }) ext!: string;
  @ApiProperty({ example: 'image/jpeg', description: 'Judged from the bytes' }) mime!: string;
  @ApiProperty({ description: 'Kilobytes' }) size!: number;
  @ApiProperty({ example: '/uploads/photo_3f9a0c1b2d.jpg' }) url!: string;
  @ApiProperty({ nullable: true, type: String }) previewUrl!: string | null;
  @ApiProperty({ example: 'local' }) provider!: string;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) provider_metadata!: unknown;
  @ApiProperty({ example: '/' }) folderPath!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
}

export const FILE_INFO_SCHEMA = {
  type: 'string',
  description:
    'JSON: {"name", "alternativeText", "caption", "folder"}; one object for every file, or a list of one JSON text per file',
  example: '{"alternativeText":"A red bicycle","caption":"Spring"}',
};
