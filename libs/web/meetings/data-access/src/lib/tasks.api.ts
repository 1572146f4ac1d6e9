import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateTaskRequest, DecideTaskRequest, RemindTasksResponse, ReportTaskRequest, TaskAttachmentResponse, TaskDetailResponse, TaskListQuery, TaskListResponse } from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import type { Observable } from 'rxjs';

/** The filters of the task board and of "my tasks", as the API takes them. */
export type TaskQuery = TaskListQuery;

function toParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query) as [string, string | number | boolean | undefined][]) if (value !== undefined && value !== '') params = params.set(key, String(value));
  return params;
}

/** Tasks followed to the end: assigned by the secretariat, reported on by the lead organisation. */
@Injectable({ providedIn: 'root' })
export class TasksApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${API_BASE}/tasks`;

  list(query: TaskQuery = {}): Observable<TaskListResponse> {
    return this.http.get<TaskListResponse>(this.base, { params: toParams(query) });
  }

  /** The list for the same filters (no page) as a spreadsheet, in the language of the interface. */
  export(query: TaskQuery, format: 'xlsx' | 'csv', lang: 'vi' | 'en'): Observable<Blob> {
    return this.http.get(`${this.base}/export`, { params: toParams({ ...query, offset: undefined, limit: undefined, format, lang }), responseType: 'blob' });
  }

  /** Reminds the people responsible for these tasks now (the secretariat; once a day per task). */
  remind(taskIds: readonly string[]): Observable<RemindTasksResponse> {
    return this.http.post<RemindTasksResponse>(`${this.base}/reminders`, { taskIds });
  }

  get(id: string): Observable<TaskDetailResponse> {
    return this.http.get<TaskDetailResponse>(this.url(id));
  }

  create(request: CreateTaskRequest): Observable<TaskDetailResponse> {
    return this.http.post<TaskDetailResponse>(this.base, request);
  }

  /** Uploads one PDF for the coming report. */
  attach(id: string, file: File): Observable<TaskAttachmentResponse> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<TaskAttachmentResponse>(`${this.url(id)}/attachments`, form);
  }

  attachment(id: string, attachmentId: string): Observable<Blob> {
    return this.http.get(`${this.url(id)}/attachments/${encodeURIComponent(attachmentId)}`, { responseType: 'blob' });
  }

  report(id: string, request: ReportTaskRequest): Observable<TaskDetailResponse> {
    return this.http.post<TaskDetailResponse>(`${this.url(id)}/reports`, request);
  }

  decide(id: string, reportId: string, request: DecideTaskRequest): Observable<TaskDetailResponse> {
    return this.http.post<TaskDetailResponse>(`${this.url(id)}/reports/${encodeURIComponent(reportId)}/decision`, request);
  }

  private url(id: string): string {
    return `${this.base}/${encodeURIComponent(id)}`;
  }
}
