import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AdoptWithoutDebateRequest,
  AgendaItemResponse,
  AttendanceState,
  CastVoteRequest,
  CompleteAgendaItemRequest,
  ConclusionVersionResponse,
  CreateAgendaItemRequest,
  CreateMeetingRequest,
  DraftConclusionRequest,
  MeetingParticipantChoice,
  MeetingResponse,
  MeetingSnapshot,
  MeetingStatus,
  MeetingSummaryResponse,
  MoveAgendaItemRequest,
  OpenVoteRequest,
  PairRoomScreenRequest,
  PositionRequest,
  PositionResponse,
  RoomScreenResponse,
  MeetingRoomResponse,
  SaveMeetingRoomRequest,
  SeatPlanResponse,
  SetSeatPlanRequest,
  CheckInCodeResponse,
  CheckInResponse,
  ChatMessageResponse,
  ChatStateResponse,
  SendChatMessageRequest,
  ClientConfigResponse,
  VideoTokenResponse,
  AttendanceState as CallAttendance,
  SetAgendaItemStatusRequest,
  SetParticipantsRequest,
  SpeakerResponse,
  UpdateAgendaItemRequest,
  UpdateMeetingRequest,
  VoteResponse,
} from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import { type Observable, map } from 'rxjs';

export type MeetingListScope = 'upcoming' | 'past' | 'all';

/** `GET /meetings/:id/snapshot`: the snapshot as of `seq`, the same state `meeting:join` acknowledges. */
export type MeetingSnapshotWithSeq = MeetingSnapshot & { seq: number };

/**
 * Every meeting, agenda, position, speaker and vote route of the API. Who may call what is the
 * server's business (see docs/api.md); the pages only offer what the caller's role allows.
 */
@Injectable({ providedIn: 'root' })
export class MeetingsApi {
  private readonly http = inject(HttpClient);

  list(scope: MeetingListScope): Observable<MeetingSummaryResponse[]> {
    return this.http.get<MeetingSummaryResponse[]>(`${API_BASE}/meetings`, { params: new HttpParams().set('scope', scope) });
  }

  get(meetingId: string): Observable<MeetingResponse> {
    return this.http.get<MeetingResponse>(this.meeting(meetingId));
  }

  snapshot(meetingId: string): Observable<MeetingSnapshotWithSeq> {
    return this.http.get<MeetingSnapshotWithSeq>(`${this.meeting(meetingId)}/snapshot`);
  }

  /** The installation's video engine, if any (from `GET /api/config`): whether a call is offered. */
  videoProvider(): Observable<ClientConfigResponse['video']> {
    return this.http.get<ClientConfigResponse>(`${API_BASE}/config`).pipe(map((config) => config.video ?? null));
  }

  /** The caller's pass to the meeting's call (while the session runs). */
  videoToken(meetingId: string): Observable<VideoTokenResponse> {
    return this.http.post<VideoTokenResponse>(`${this.meeting(meetingId)}/video/token`, {});
  }

  /** The call connected: the caller counts as present remotely. */
  videoJoined(meetingId: string): Observable<{ attendance: CallAttendance | null }> {
    return this.http.post<{ attendance: CallAttendance | null }>(`${this.meeting(meetingId)}/video/joined`, {});
  }

  /** Every meeting room with its seat map. */
  rooms(): Observable<MeetingRoomResponse[]> {
    return this.http.get<MeetingRoomResponse[]>(`${API_BASE}/rooms`);
  }

  createRoom(request: SaveMeetingRoomRequest): Observable<MeetingRoomResponse> {
    return this.http.post<MeetingRoomResponse>(`${API_BASE}/rooms`, request);
  }

  updateRoom(roomId: string, request: SaveMeetingRoomRequest): Observable<MeetingRoomResponse> {
    return this.http.put<MeetingRoomResponse>(`${API_BASE}/rooms/${roomId}`, request);
  }

  seatPlan(meetingId: string): Observable<SeatPlanResponse> {
    return this.http.get<SeatPlanResponse>(`${this.meeting(meetingId)}/seats`);
  }

  setSeatPlan(meetingId: string, request: SetSeatPlanRequest): Observable<SeatPlanResponse> {
    return this.http.put<SeatPlanResponse>(`${this.meeting(meetingId)}/seats`, request);
  }

  /** The caller's own check-in code (and its QR image) for this meeting. */
  checkInCode(meetingId: string): Observable<CheckInCodeResponse> {
    return this.http.get<CheckInCodeResponse>(`${this.meeting(meetingId)}/check-in/code`);
  }

  /** A scanned code: its participant is checked in (marked in the room). */
  checkIn(meetingId: string, code: string): Observable<CheckInResponse> {
    return this.http.post<CheckInResponse>(`${this.meeting(meetingId)}/check-in`, { code });
  }

  /** The chat the caller may read, with what he has not read yet. */
  chat(meetingId: string): Observable<ChatStateResponse> {
    return this.http.get<ChatStateResponse>(`${this.meeting(meetingId)}/chat`);
  }

  sendChat(meetingId: string, request: SendChatMessageRequest): Observable<ChatMessageResponse> {
    return this.http.post<ChatMessageResponse>(`${this.meeting(meetingId)}/chat`, request);
  }

  /** The channel (no `withUserId`) or a private conversation is read up to now. */
  readChat(meetingId: string, withUserId?: string): Observable<void> {
    return this.http.post<void>(`${this.meeting(meetingId)}/chat/read`, withUserId ? { with: withUserId } : {});
  }

  muteInChat(meetingId: string, userId: string, muted: boolean): Observable<{ mutedUserIds: string[] }> {
    return this.http.put<{ mutedUserIds: string[] }>(`${this.meeting(meetingId)}/chat/mutes/${userId}`, { muted });
  }

  exportChat(meetingId: string): Observable<Blob> {
    return this.http.get(`${this.meeting(meetingId)}/chat/export`, { responseType: 'blob' });
  }

  /** The meeting's room screens (chair and secretariat). */
  roomScreens(meetingId: string): Observable<RoomScreenResponse[]> {
    return this.http.get<RoomScreenResponse[]>(`${this.meeting(meetingId)}/room-screens`);
  }

  /** Pairs the screen that shows `code` to this meeting. */
  pairRoomScreen(meetingId: string, request: PairRoomScreenRequest): Observable<RoomScreenResponse> {
    return this.http.post<RoomScreenResponse>(`${this.meeting(meetingId)}/room-screens`, request);
  }

  revokeRoomScreen(meetingId: string, screenId: string): Observable<RoomScreenResponse> {
    return this.http.delete<RoomScreenResponse>(`${this.meeting(meetingId)}/room-screens/${screenId}`);
  }

  create(request: CreateMeetingRequest): Observable<MeetingResponse> {
    return this.http.post<MeetingResponse>(`${API_BASE}/meetings`, request);
  }

  /** The secretariat's choice of participants: enabled users with their system roles. */
  participantChoices(): Observable<MeetingParticipantChoice[]> {
    return this.http.get<MeetingParticipantChoice[]>(`${API_BASE}/meetings/participant-choices`);
  }

  update(meetingId: string, request: UpdateMeetingRequest): Observable<MeetingResponse> {
    return this.http.patch<MeetingResponse>(this.meeting(meetingId), request);
  }

  setParticipants(meetingId: string, request: SetParticipantsRequest): Observable<MeetingResponse> {
    return this.http.put<MeetingResponse>(`${this.meeting(meetingId)}/participants`, request);
  }

  changeStatus(meetingId: string, status: MeetingStatus): Observable<MeetingResponse> {
    return this.http.post<MeetingResponse>(`${this.meeting(meetingId)}/status`, { status });
  }

  setAttendance(meetingId: string, userId: string, attendance: AttendanceState): Observable<MeetingResponse> {
    return this.http.put<MeetingResponse>(`${this.meeting(meetingId)}/attendance/${encodeURIComponent(userId)}`, { attendance });
  }

  // --- agenda ------------------------------------------------------------------------------

  agenda(meetingId: string): Observable<AgendaItemResponse[]> {
    return this.http.get<AgendaItemResponse[]>(`${this.meeting(meetingId)}/agenda`);
  }

  addItem(meetingId: string, request: CreateAgendaItemRequest): Observable<AgendaItemResponse> {
    return this.http.post<AgendaItemResponse>(`${this.meeting(meetingId)}/agenda`, request);
  }

  updateItem(meetingId: string, itemId: string, request: UpdateAgendaItemRequest): Observable<AgendaItemResponse> {
    return this.http.patch<AgendaItemResponse>(this.item(meetingId, itemId), request);
  }

  moveItem(meetingId: string, itemId: string, request: MoveAgendaItemRequest): Observable<AgendaItemResponse[]> {
    return this.http.post<AgendaItemResponse[]>(`${this.item(meetingId, itemId)}/move`, request);
  }

  setItemStatus(meetingId: string, itemId: string, request: SetAgendaItemStatusRequest): Observable<AgendaItemResponse> {
    return this.http.post<AgendaItemResponse>(`${this.item(meetingId, itemId)}/status`, request);
  }

  completeItem(meetingId: string, itemId: string, request: CompleteAgendaItemRequest): Observable<AgendaItemResponse> {
    return this.http.post<AgendaItemResponse>(`${this.item(meetingId, itemId)}/complete`, request);
  }

  setCurrentItem(meetingId: string, itemId: string | null): Observable<AgendaItemResponse[]> {
    return this.http.put<AgendaItemResponse[]>(`${this.meeting(meetingId)}/current-item`, { itemId });
  }

  /** Every version of every item's conclusion (the chair and the secretariat only). */
  conclusions(meetingId: string): Observable<ConclusionVersionResponse[]> {
    return this.http.get<ConclusionVersionResponse[]>(`${this.meeting(meetingId)}/conclusions`);
  }

  draftConclusion(meetingId: string, itemId: string, request: DraftConclusionRequest): Observable<ConclusionVersionResponse> {
    return this.http.post<ConclusionVersionResponse>(`${this.item(meetingId, itemId)}/conclusions`, request);
  }

  approveConclusion(meetingId: string, itemId: string, version: number): Observable<ConclusionVersionResponse> {
    return this.http.post<ConclusionVersionResponse>(`${this.item(meetingId, itemId)}/conclusions/approve`, { version });
  }

  adoptWithoutDebate(meetingId: string, request: AdoptWithoutDebateRequest): Observable<AgendaItemResponse[]> {
    return this.http.post<AgendaItemResponse[]>(`${this.meeting(meetingId)}/adopt-without-debate`, request);
  }

  // --- positions, speakers -----------------------------------------------------------------

  setPosition(meetingId: string, itemId: string, request: PositionRequest): Observable<PositionResponse> {
    return this.http.put<PositionResponse>(`${this.item(meetingId, itemId)}/position`, request);
  }

  myPositions(meetingId: string): Observable<PositionResponse[]> {
    return this.http.get<PositionResponse[]>(`${this.meeting(meetingId)}/positions/mine`);
  }

  requestFloor(meetingId: string, itemId: string): Observable<SpeakerResponse[]> {
    return this.http.post<SpeakerResponse[]>(`${this.item(meetingId, itemId)}/speakers`, {});
  }

  withdrawFloor(meetingId: string, itemId: string): Observable<SpeakerResponse[]> {
    return this.http.delete<SpeakerResponse[]>(`${this.item(meetingId, itemId)}/speakers/me`);
  }

  /** Gives the floor to a named request, or without `speakerId` to the next one waiting. */
  grantFloor(meetingId: string, itemId: string, speakerId?: string): Observable<SpeakerResponse[]> {
    return this.http.post<SpeakerResponse[]>(`${this.item(meetingId, itemId)}/speakers/grant`, speakerId ? { speakerId } : {});
  }

  endSpeaker(meetingId: string, itemId: string, speakerId: string): Observable<SpeakerResponse[]> {
    return this.http.post<SpeakerResponse[]>(`${this.item(meetingId, itemId)}/speakers/${encodeURIComponent(speakerId)}/end`, {});
  }

  // --- votes -------------------------------------------------------------------------------

  openVote(meetingId: string, request: OpenVoteRequest): Observable<VoteResponse> {
    return this.http.post<VoteResponse>(`${this.meeting(meetingId)}/votes`, request);
  }

  getVote(meetingId: string, voteId: string): Observable<VoteResponse> {
    return this.http.get<VoteResponse>(this.vote(meetingId, voteId));
  }

  castVote(meetingId: string, voteId: string, request: CastVoteRequest): Observable<VoteResponse> {
    return this.http.put<VoteResponse>(`${this.vote(meetingId, voteId)}/ballot`, request);
  }

  closeVote(meetingId: string, voteId: string): Observable<VoteResponse> {
    return this.http.post<VoteResponse>(`${this.vote(meetingId, voteId)}/close`, {});
  }

  private meeting(meetingId: string): string {
    return `${API_BASE}/meetings/${encodeURIComponent(meetingId)}`;
  }

  private item(meetingId: string, itemId: string): string {
    return `${this.meeting(meetingId)}/agenda/${encodeURIComponent(itemId)}`;
  }

  private vote(meetingId: string, voteId: string): string {
    return `${this.meeting(meetingId)}/votes/${encodeURIComponent(voteId)}`;
  }
}
