import { defineMessages } from '../i18n/messages';

export const uiMessages = defineMessages({
  zh: {
    loading: '加载中…',
    retry: '重试',
    offline: '无法连接到网关,请检查网络后重试。',
    requestId: '请求编号 {id}',
    confirmDelete: '确认删除?',
    close: '关闭',
    dismiss: '关闭通知',
    toasts: '提示',
    empty: '这里还没有内容。',
    previous: '上一页',
    next: '下一页',
    pageOf: '第 {page} / {pages} 页',
    pagination: '分页',
  },
  en: {
    loading: 'Loading…',
    retry: 'Retry',
    offline: 'Cannot reach the gateway. Check the network and try again.',
    requestId: 'Request id {id}',
    confirmDelete: 'Delete for sure?',
    close: 'Close',
    dismiss: 'Dismiss',
    toasts: 'Alerts',
    empty: 'Nothing here yet.',
    previous: 'Previous',
    next: 'Next',
    pageOf: 'Page {page} of {pages}',
    pagination: 'Pagination',
  },
});
