package org.civicdispatch.volunteer.certificate;

import java.util.Set;

/**
 * A real name as a public check shows it: the surname, every other character a {@code *}
 * (王小明 → 王**, 欧阳小明 → 欧阳**). A two-character compound surname counts as the surname when
 * something follows it; a name of one character is a single {@code *}.
 */
final class MaskedName {

	/** The compound surnames (复姓) in use today. */
	private static final Set<String> COMPOUND_SURNAMES = Set.of("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
			"长孙", "宇文", "司徒", "司空", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "申屠", "澹台", "公冶", "太史", "闻人", "呼延", "钟离",
			"百里", "东郭", "濮阳", "单于", "赫连", "万俟", "拓跋", "第五", "左丘", "公羊", "谷梁", "梁丘", "羊舌", "微生", "漆雕", "乐正", "壤驷", "宰父",
			"仲孙", "叔孙", "鲜于", "闾丘", "亓官", "司寇", "巫马", "公西", "颛孙", "子车", "段干", "东门", "太叔");

	private MaskedName() {
	}

	static String of(String name) {
		int[] chars = name.strip().codePoints().toArray();
		if (chars.length <= 1) {
			return "*";
		}
		int kept = 1;
		if (chars.length > 2 && COMPOUND_SURNAMES.contains(new String(chars, 0, 2))) {
			kept = 2;
		}
		StringBuilder masked = new StringBuilder(new String(chars, 0, kept));
		for (int i = kept; i < chars.length; i++) {
			masked.append(Character.isWhitespace(chars[i]) ? " " : "*");
		}
		return masked.toString();
	}

}
