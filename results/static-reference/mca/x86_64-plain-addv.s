	mov (%rcx),%rax
	add %rdx,%rax
	mov %rax,(%rcx)
.Lout:
