package org.civicdispatch.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PageTests {

	@Test
	void aPageRequestSkipsThePagesBeforeIt() {
		assertThat(PageRequest.of(0, 20).offset()).isZero();
		assertThat(PageRequest.of(3, 20).offset()).isEqualTo(60);
		assertThat(PageRequest.of(Integer.MAX_VALUE, PageRequest.MAX_SIZE).offset())
			.isEqualTo(Integer.MAX_VALUE * 100L);
	}

	@Test
	void aNegativePageIsABadRequestAboutThePage() {
		BadRequestException problem = catchThrowableOfType(BadRequestException.class, () -> PageRequest.of(-1, 20));
		assertThat(problem.getMessage()).isEqualTo("分页参数不正确");
		assertThat(problem.errors()).containsExactly(new FieldError("page", "页码不能为负数"));
	}

	@Test
	void aSizeOutside1To100IsABadRequestAboutTheSize() {
		for (int size : new int[] { 0, -5, 101 }) {
			BadRequestException problem = catchThrowableOfType(BadRequestException.class,
					() -> PageRequest.of(0, size));
			assertThat(problem.getMessage()).isEqualTo("分页参数不正确");
			assertThat(problem.errors()).containsExactly(new FieldError("size", "每页条数须在 1 到 100 之间"));
		}
		assertThat(PageRequest.of(0, 1).size()).isEqualTo(1);
		assertThat(PageRequest.of(0, 100).size()).isEqualTo(100);
	}

	@Test
	void aPageMapsItsItemsAndKeepsItsPlace() {
		Page<Integer> page = Page.of(PageRequest.of(2, 3), List.of(7, 8, 9), 42);
		assertThat(page.map((n) -> "#" + n)).isEqualTo(new Page<>(List.of("#7", "#8", "#9"), 2, 3, 42));
	}

}
