import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Min,
  ValidateIf,
} from 'class-validator';

export class CreateFolderDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'The parent folder’s id; absent or null: the root',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsInt()
  @Min(1)
  parent?: number | null;
}

export class RenameFolderDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class MoveFilesDto {
  @ApiProperty({ type: [Number], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1, { each: true })
  fileIds!: number[];

  @ApiProperty({ type: Number, nullable: true, description: 'The folder’s id, or null for the root' })
  @ValidateIf((_object, value) => value !== null)
  @IsInt()
  @Min(1)
  destinationFolderId!: number | null;
}

export class UploadFolder {
  @ApiProperty() id!: number;
  @ApiProperty() documentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'A number unique to the folder, the segments of paths' }) pathId!: number;
  @ApiProperty({ example: '/1/4', description: 'The ids of the folder and its ancestors' }) path!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
