	mov (%rcx),%rax
	cmp %rdx,%rax
	je .Lout
	mov %rax,(%rdi)
	add %rdx,%rax
	mov (%rax),%rax
	mov %rax,(%rcx)
.Lout:
