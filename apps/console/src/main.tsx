// The shared styles first: each screen's own stylesheet, bundled after, may then refine them.
import './ui/styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { routes } from './app/routes';
import { AuthProvider } from './auth/auth';
import { LocaleProvider } from './i18n/locale';
import { RealtimeProvider } from './realtime/realtime';
import { ToastProvider } from './ui/toasts';

const queryClient = new QueryClient({
  defaultOptions: {
    // The SDK already retries idempotent calls on 502/503; a 4xx will not get better by asking again.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 },
  },
});

const router = createBrowserRouter(routes);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LocaleProvider>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <AuthProvider>
            <RealtimeProvider>
              <RouterProvider router={router} />
            </RealtimeProvider>
          </AuthProvider>
        </ToastProvider>
      </QueryClientProvider>
    </LocaleProvider>
  </StrictMode>,
);
