package org.civicdispatch.volunteer.activity;

/** 签到 ({@code IN}) or 签退 ({@code OUT}). */
enum AttendanceType {

	IN, OUT

}
