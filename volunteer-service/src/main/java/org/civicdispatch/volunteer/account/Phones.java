package org.civicdispatch.volunteer.account;

/** Phone numbers in logs are always masked: {@code 138****0000}. */
public final class Phones {

	/**
	 * Exactly 11 ASCII digits, the first a 1: no spaces, no {@code +86}, no full-width
	 * digits.
	 */
	public static final String MAINLAND_MOBILE = "1[0-9]{10}";

	public static final String NOT_MAINLAND_MOBILE = "请输入 11 位中国大陆手机号";

	private Phones() {
	}

	public static String mask(String phone) {
		if (phone == null || phone.length() < 7) {
			return "***";
		}
		return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
	}

}
