import {
  type AuthSession,
  contract,
  type ExportFormat,
  type ImageAnalysis,
  type RegisterBody,
  type Transcription,
  type TtsBody,
  type UploadedFile,
} from '@cyrene/contracts';
import { createDownloader, type DownloadedFile, type Downloader } from './download';
import { unwrap } from './errors';
import type { FetchLike } from './http';
import type { UploadSource } from './multipart';
import { createRestClient, type RestClient, transportFor } from './rest-client';
import { createMemoryTokenStore, type StoredTokens, type TokenStore } from './token-store';
import type { RetryOptions } from './transport';
import { createUploader, type FileOptions, type Uploader, type UploadOptions } from './upload';
import {
  type ChatSocket,
  type ChatSocketOptions,
  createChatSocket,
  type WebSocketConstructor,
} from './ws-client';

export * from '@cyrene/contracts';
export { type DownloadedFile, type Downloader, filenameFromDisposition } from './download';
export { type AnyResponse, GatewayError, unwrap } from './errors';
export type { FetchLike } from './http';
export type { UploadSource } from './multipart';
export { createRestClient, type RestClient, type RestClientOptions } from './rest-client';
export type { MultipartRoute, RouteArgs, SuccessBody } from './route-types';
export {
  createMemoryTokenStore,
  createStorageTokenStore,
  type StoredTokens,
  type TokenStorage,
  type TokenStore,
} from './token-store';
export type { RetryOptions } from './transport';
export type { FileOptions, FormValue, Uploader, UploadOptions, UploadProgress } from './upload';
export {
  type AskOptions,
  ChatError,
  ChatReply,
  type ChatReplyResult,
  ChatSocket,
  type ChatSocketOptions,
  type ChatSocketState,
  createChatSocket,
  type ReconnectOptions,
  type WebSocketConstructor,
  type WebSocketLike,
} from './ws-client';

export interface GatewayClientOptions {
  /** Where the gateway listens, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** An access token to start with. */
  token?: string;
  /** A refresh token to start with. */
  refreshToken?: string;
  /** Called whenever the tokens change: after login and refresh, and with `null` on logout or a failed refresh. */
  onTokens?: (tokens: StoredTokens | null) => void;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Defaults to memory; see `createStorageTokenStore` for localStorage. */
  tokenStore?: TokenStore;
  /** Parse every response body with its contract schema. */
  validateResponse?: boolean;
  /** Retries of GET/PUT/DELETE on 502/503: default 2 with backoff from 300 ms; `false`: none. */
  retry?: RetryOptions | false;
  /** The WebSocket for `chat()`: browsers have one; in Node 20 pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
}

/** File-part options and upload options together, for the one-file helpers. */
export type UploadFileOptions = FileOptions & UploadOptions;

export interface GatewayClient {
  /** One typed function per route of the API; resolves to `{ status, body, headers }`. */
  rest: RestClient;
  /** Signs in, keeps the tokens, and returns the session; throws `GatewayError` on failure. */
  login(username: string, password: string): Promise<AuthSession>;
  /** Creates an account (when the gateway allows registration) and signs in with it. */
  register(body: RegisterBody): Promise<AuthSession>;
  /** Forgets the tokens. */
  logout(): Promise<void>;
  tokens: TokenStore;

  /**
   * The chat WebSocket (§2, administrator only), signed with this client's token (renewed before
   * each connect when it has expired). Call `connect()` on it.
   */
  chat(options?: Omit<ChatSocketOptions, 'baseUrl' | 'token'>): ChatSocket;

  /** Any multipart route, its fields checked against the contract: `upload(contract.files.uploadFile, { file })`. */
  upload: Uploader;
  /** Any route answering a file (download, thumbnail, export, speech): the bytes and the filename. */
  download: Downloader;

  /** POST /files/upload (field `file`). */
  uploadFile(file: UploadSource, options?: UploadFileOptions): Promise<UploadedFile>;
  /** GET /files/:id/download; `range` e.g. "bytes=0-1023" answers 206 with that part. */
  downloadFile(id: string, options?: { range?: string }): Promise<DownloadedFile>;
  /** GET /files/:id/thumbnail (JPEG for images, an SVG icon otherwise). */
  downloadThumbnail(id: string): Promise<DownloadedFile>;
  /** GET /sessions/:id/export as json, markdown or txt. */
  exportSession(id: string, format?: ExportFormat): Promise<DownloadedFile>;
  /** POST /voice/transcribe (field `audio`). */
  transcribe(audio: UploadSource, options?: UploadFileOptions): Promise<Transcription>;
  /** POST /voice/tts: the audio. */
  synthesizeSpeech(body: TtsBody): Promise<DownloadedFile>;
  /** POST /images/analyze with the image itself (field `file`); not stored. */
  analyzeImage(image: UploadSource, options?: UploadFileOptions): Promise<ImageAnalysis>;
}

/** Splits one-file helper options into the file's and the upload's. */
function fileAndUpload(options: UploadFileOptions = {}): [FileOptions, UploadOptions] {
  const { filename, contentType, size, ...upload } = options;
  return [{ filename, contentType, size }, upload];
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const tokens = options.tokenStore ?? createMemoryTokenStore();
  if (options.token || options.refreshToken) {
    tokens.set({ token: options.token ?? '', refresh_token: options.refreshToken });
  }
  // One transport: REST, uploads and downloads share the token, its refresh and the retries.
  const transport = transportFor({ ...options, baseUrl, tokens });
  const rest = createRestClient({ baseUrl, tokens, transport, validateResponse: options.validateResponse });
  const upload = createUploader(baseUrl, transport);
  const download = createDownloader(baseUrl, transport);
  const uploadOne = <R extends Parameters<Uploader>[0]>(route: R, field: string) => {
    return (source: UploadSource, helperOptions?: UploadFileOptions) => {
      const [file, how] = fileAndUpload(helperOptions);
      return upload(route, { [field]: { source, ...file } }, how);
    };
  };

  /** Keeps the tokens of a fresh sign-in and tells the caller. */
  const keep = (session: AuthSession): AuthSession => {
    const next: StoredTokens = {
      token: session.token,
      refresh_token: session.refresh_token,
      expires: session.expires,
    };
    tokens.set(next);
    options.onTokens?.(next);
    return session;
  };

  return {
    rest,
    tokens,
    upload,
    download,
    async login(username, password) {
      return keep(unwrap(await rest.auth.login({ body: { username, password } }), 200));
    },
    async register(body) {
      return keep(unwrap(await rest.auth.register({ body }), 201));
    },
    async logout() {
      tokens.clear();
      options.onTokens?.(null);
    },
    chat(chatOptions = {}) {
      return createChatSocket({
        WebSocket: options.WebSocket,
        ...chatOptions,
        baseUrl,
        token: async () => (await transport.freshTokens())?.token,
      });
    },
    uploadFile: uploadOne(contract.files.uploadFile, 'file'),
    transcribe: uploadOne(contract.voice.transcribeAudio, 'audio'),
    analyzeImage: uploadOne(contract.images.analyzeImage, 'file'),
    downloadFile: (id, { range } = {}) =>
      download(contract.files.downloadFile, { params: { id }, headers: range ? { range } : {} }),
    downloadThumbnail: (id) => download(contract.files.getFileThumbnail, { params: { id } }),
    exportSession: (id, format = 'json') =>
      download(contract.sessions.exportSession, { params: { id }, query: { format } }),
    synthesizeSpeech: (body) => download(contract.voice.synthesizeSpeech, { body }),
  };
}
