package org.civicdispatch.volunteer.account;

/** Phone numbers in logs are always masked: {@code 138****0000}. */
public final class Phones {

	public static final String MAINLAND_MOBILE = "^1\\d{10}$";

	private Phones() {
	}

	public static String mask(String phone) {
		if (phone == null || phone.length() < 7) {
			return "***";
		}
		return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
	}

}
