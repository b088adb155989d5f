import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { Pager } from '../ui/Pager';
import { DropZone } from './DropZone';
import { FileCard } from './FileCard';
import { filesMessages } from './messages';
import { UploadList } from './UploadList';
import { useUploads } from './useUploads';
import './files.css';
import { fileKeys, listFiles } from './queries';

const PAGE_SIZE = 12;

export function FilesPage() {
  const t = useT(filesMessages);
  const { uploads, start, clearFinished } = useUploads();
  return (
    <section className="stack">
      <PageHeader title={t('title')}>
        <p>{t('subtitle')}</p>
      </PageHeader>
      <DropZone onFiles={start} />
      <UploadList uploads={uploads} onClear={clearFinished} />
      <FileList />
    </section>
  );
}

/** The caller's files, newest first, a page at a time. */
function FileList() {
  const t = useT(filesMessages);
  const api = useApi();
  const [page, setPage] = useState(1);
  const files = useQuery({
    queryKey: fileKeys.page(page),
    queryFn: () => listFiles(api, { page, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  // A deletion can empty the last page: step back to one that has files (after the render
  // that showed it, not during it).
  const lastPage = files.data ? Math.max(1, Math.ceil(files.data.total / PAGE_SIZE)) : page;
  useEffect(() => {
    if (page > lastPage) setPage(lastPage);
  }, [page, lastPage]);

  return (
    <section className="stack" aria-labelledby="files-list-title">
      <div className="row files-list-head">
        <h2 id="files-list-title">{t('listTitle')}</h2>
        {files.data && <span className="muted">{t('total', { total: files.data.total })}</span>}
      </div>
      {files.isPending ? (
        <Loading />
      ) : files.isError ? (
        <ErrorNotice error={files.error} onRetry={() => void files.refetch()} />
      ) : files.data.files.length === 0 ? (
        <Empty>{t('noFiles')}</Empty>
      ) : (
        <>
          <ul className="files-grid">
            {files.data.files.map((file) => (
              <FileCard key={file.id} file={file} />
            ))}
          </ul>
          <Pager page={page} pageSize={PAGE_SIZE} total={files.data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}
