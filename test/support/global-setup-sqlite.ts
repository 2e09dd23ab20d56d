import { buildProject } from './build';

export default async function globalSetup(): Promise<void> {
  buildProject();
}
