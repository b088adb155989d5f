import express from 'express';

/** Placeholder until the docs router lands (helper writing it). */
export function createDocsRouter(): express.Router {
  return express.Router();
}
